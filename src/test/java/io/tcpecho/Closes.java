package io.tcpecho;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;

/**
 * How many connections closed for a reason, read from {@code echo.connections.closed}.
 */
public final class Closes {

	private Closes() {
	}

	/** Connections of every listener closed for {@code reason}, such as {@code idle-timeout}. */
	public static double count(MeterRegistry meters, String reason) {
		return search(meters, reason).counters().stream().mapToDouble((counter) -> counter.count()).sum();
	}

	/** Connections of {@code listener} closed for {@code reason}. */
	public static double count(MeterRegistry meters, String listener, String reason) {
		return search(meters, reason).tag("listener", listener).counter().count();
	}

	private static RequiredSearch search(MeterRegistry meters, String reason) {
		return meters.get("echo.connections.closed").tag("reason", reason);
	}

}
