package io.tcpecho.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Throughput and latency of one run, or of one second of it.
 *
 * @param messages lines echoed and verified
 * @param payloadBytes payload bytes of those lines
 * @param elapsed the time they took
 * @param latencies latencies in nanoseconds
 * @param errors lines echoed wrong, missing, or connections failed
 * @param cpu CPU time the load tool itself used meanwhile, so that a reader can tell when the
 * tool rather than the server is the limit; zero when not measured
 */
record BenchReport(long messages, long payloadBytes, Duration elapsed, Histogram latencies, long errors,
		Duration cpu) {

	double messagesPerSecond() {
		return this.messages / seconds();
	}

	/** Megabytes (10^6 bytes) of echoed payload per second. */
	double megabytesPerSecond() {
		return this.payloadBytes / 1e6 / seconds();
	}

	/** The latency at {@code percentile} (0-100) in microseconds. */
	double latencyMicros(double percentile) {
		return this.latencies.getValueAtPercentile(percentile) / 1e3;
	}

	double maxLatencyMicros() {
		return this.latencies.getMaxValue() / 1e3;
	}

	/** The load tool's CPU time per echo in microseconds. */
	double cpuMicrosPerMessage() {
		return (this.messages > 0) ? this.cpu.toNanos() / 1e3 / this.messages : 0;
	}

	private double seconds() {
		return Math.max(this.elapsed.toNanos(), 1) / 1e9;
	}

	/** The {@code --report} object, in the one format of {@link BenchJson}. */
	Map<String, Object> json() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("mode", "load");
		json.put("totals", Map.of("echoed", this.messages, "errors", this.errors));
		json.put("messagesPerSecond", Math.round(messagesPerSecond()));
		json.put("latencyMicros", BenchJson.percentiles(this.latencies));
		json.put("toolCpuMicrosPerEcho", Math.round(cpuMicrosPerMessage() * 100) / 100.0);
		return json;
	}

	/** One progress line. */
	String progressLine(long secondsSinceStart) {
		return String.format(Locale.ROOT, "[%4ds] %,12.0f msg/s %9.2f MB/s  p50 %8.1f us  p99 %8.1f us  errors %d",
				secondsSinceStart, messagesPerSecond(), megabytesPerSecond(), latencyMicros(50), latencyMicros(99),
				this.errors);
	}

	/** The closing summary, then one machine-readable line for scripts. */
	String summary() {
		return String.format(Locale.ROOT, """
				%,d lines echoed in %.2f s, %d errors
				throughput  %,.0f msg/s  %.2f MB/s
				latency us  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f
				load tool CPU  %.2f us/echo
				RESULT msgs_per_sec=%.0f mb_per_sec=%.3f p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f \
				errors=%d tool_cpu_us_per_msg=%.2f""",
				this.messages, seconds(), this.errors, messagesPerSecond(), megabytesPerSecond(), latencyMicros(50),
				latencyMicros(90), latencyMicros(99), latencyMicros(99.9), maxLatencyMicros(), cpuMicrosPerMessage(),
				messagesPerSecond(), megabytesPerSecond(), latencyMicros(50), latencyMicros(90), latencyMicros(99),
				latencyMicros(99.9), maxLatencyMicros(), this.errors, cpuMicrosPerMessage());
	}

}
