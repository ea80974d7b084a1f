package io.tcpecho.bench;

import java.time.Duration;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The arithmetic of the bench summary.
 */
class BenchReportTests {

	@Test
	void ratesAreCountsOverElapsedTime() {
		BenchReport report = new BenchReport(1_000, 64_000, Duration.ofSeconds(2), new Histogram(3), 0, Duration.ZERO);
		assertThat(report.messagesPerSecond()).isEqualTo(500.0);
		assertThat(report.megabytesPerSecond()).isEqualTo(0.032);
	}

	@Test
	void percentilesAreReadFromTheHistogramInMicroseconds() {
		Histogram latencies = new Histogram(3);
		for (long micros = 1; micros <= 1000; micros++) {
			latencies.recordValue(micros * 1000);
		}
		BenchReport report = new BenchReport(1000, 0, Duration.ofSeconds(1), latencies, 0, Duration.ZERO);
		assertThat(report.latencyMicros(50)).isCloseTo(500, within(1.0));
		assertThat(report.latencyMicros(99)).isCloseTo(990, within(1.0));
		assertThat(report.maxLatencyMicros()).isCloseTo(1000, within(1.0));
	}

	@Test
	void summaryEndsWithAMachineReadableLine() {
		Histogram latencies = new Histogram(3);
		latencies.recordValue(1_000);
		String summary = new BenchReport(10, 640, Duration.ofSeconds(1), latencies, 3, Duration.ofMillis(5)).summary();
		assertThat(summary.lines().reduce((first, second) -> second).orElseThrow())
			.startsWith("RESULT msgs_per_sec=10 mb_per_sec=0.001 p50_us=1.0")
			.endsWith("errors=3 tool_cpu_us_per_msg=500.00"); // 5 ms of CPU over 10 echoes
	}

}
