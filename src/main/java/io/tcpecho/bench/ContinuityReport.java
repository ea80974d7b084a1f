package io.tcpecho.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;


/**
 * What a continuity run found: the counts in all and per backend, one entry per second, and the
 * longest a connection slot went without a working connection.
 *
 * @param totals the counts, by the names the README's table gives
 * @param backends per greeting: connections, lines, retried, lost, resets
 * @param timeline one entry per second
 * @param longestWithoutConnectionMillis the longest a slot was without a working connection
 * @param latencyMicros p50, p99 and max of the echoes, from each line's scheduled time
 */
record ContinuityReport(Map<String, Long> totals, Map<String, Map<String, Long>> backends, List<Second> timeline,
		long longestWithoutConnectionMillis, Map<String, Double> latencyMicros) {

	/**
	 * One second of the run.
	 *
	 * @param second seconds since the start
	 * @param connections working connections at its end
	 * @param sent new lines sent in it
	 * @param echoed echoes in it
	 * @param retried lines left unanswered by a server's FIN in it
	 * @param lost lines left unanswered by a reset or timeout in it
	 * @param resets connections ended by a reset in it
	 * @param connectionsByBackend working connections at its end, per backend
	 */
	record Second(long second, int connections, long sent, long echoed, long retried, long lost, long resets,
			Map<String, Integer> connectionsByBackend) {

	}

	long total(String name) {
		return this.totals.getOrDefault(name, 0L);
	}

	/** A terminal table: one row per backend, then the totals. */
	String summary() {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-40s %11s %10s %8s %6s %6s%n", "backend",
				"connections", "lines", "retried", "lost", "resets"));
		this.backends.forEach((name, counts) -> text.append(String.format(Locale.ROOT, "%-40s %11d %10d %8d %6d %6d%n",
				name, counts.get("connections"), counts.get("lines"), counts.get("retried"), counts.get("lost"),
				counts.get("resets"))));
		text.append("totals:");
		this.totals.forEach((name, value) -> text.append(' ').append(name).append('=').append(value));
		text.append(String.format(Locale.ROOT,
				"%nlatency from the scheduled time: p50 %.0f us  p99 %.0f us  max %.0f us%n"
						+ "longest without a working connection: %d ms",
				this.latencyMicros.get("p50"), this.latencyMicros.get("p99"), this.latencyMicros.get("max"),
				this.longestWithoutConnectionMillis));
		return text.toString();
	}

}
