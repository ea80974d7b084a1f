package io.tcpecho.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a continuity run has counted so far, in all and per backend (the greeting that names the
 * instance): added to on the event loops, read each second by the run.
 */
final class ContinuityCounts {

	final LongAdder sent = new LongAdder();

	final LongAdder echoed = new LongAdder();

	final LongAdder retried = new LongAdder();

	final LongAdder lost = new LongAdder();

	final LongAdder late = new LongAdder();

	final LongAdder wrong = new LongAdder();

	final LongAdder connects = new LongAdder();

	final LongAdder connectFailures = new LongAdder();

	final LongAdder serverFins = new LongAdder();

	final LongAdder resets = new LongAdder();

	final LongAdder timeouts = new LongAdder();

	/** Where a connection's counts go before its greeting names its backend. */
	static final Backend NOBODY = new Backend();

	private final Map<String, Backend> backends = new ConcurrentHashMap<>();

	Backend backend(String name) {
		return this.backends.computeIfAbsent(name, (key) -> new Backend());
	}

	/** The totals under the report's names. */
	Map<String, Long> totals() {
		Map<String, Long> totals = new LinkedHashMap<>();
		totals.put("sent", this.sent.sum());
		totals.put("echoed", this.echoed.sum());
		totals.put("retried", this.retried.sum());
		totals.put("lost", this.lost.sum());
		totals.put("late", this.late.sum());
		totals.put("wrong", this.wrong.sum());
		totals.put("connects", this.connects.sum());
		totals.put("connectFailures", this.connectFailures.sum());
		totals.put("serverFins", this.serverFins.sum());
		totals.put("resets", this.resets.sum());
		totals.put("timeouts", this.timeouts.sum());
		return totals;
	}

	/** Each backend's counts under the report's names, by name. */
	Map<String, Map<String, Long>> backends() {
		Map<String, Map<String, Long>> result = new TreeMap<>();
		this.backends.forEach((name, backend) -> result.put(name, backend.counts()));
		return result;
	}

	/** How many connections each backend holds now. */
	Map<String, Integer> openByBackend() {
		Map<String, Integer> result = new TreeMap<>();
		this.backends.forEach((name, backend) -> result.put(name, backend.open.get()));
		return result;
	}

	/** One backend's counts. */
	static final class Backend {

		final LongAdder connections = new LongAdder();

		final LongAdder lines = new LongAdder();

		final LongAdder retried = new LongAdder();

		final LongAdder lost = new LongAdder();

		final LongAdder resets = new LongAdder();

		/** Connections open to it now. */
		final AtomicInteger open = new AtomicInteger();

		Map<String, Long> counts() {
			Map<String, Long> counts = new LinkedHashMap<>();
			counts.put("connections", this.connections.sum());
			counts.put("lines", this.lines.sum());
			counts.put("retried", this.retried.sum());
			counts.put("lost", this.lost.sum());
			counts.put("resets", this.resets.sum());
			return counts;
		}

	}

}
