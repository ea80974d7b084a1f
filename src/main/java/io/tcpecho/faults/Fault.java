package io.tcpecho.faults;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One fault a listener plays on the connections it hits.
 *
 * @param type what it does
 * @param probability the chance, from 0 to 1, that it hits a new connection, decided once per connection
 * @param seed seeds those decisions, so that a run can be repeated; null draws a fresh seed
 * @param latency {@code latency}: the delay of each echo
 * @param jitter {@code latency}: at most this much more or less, at random
 * @param rate {@code bandwidth}: bytes per second
 * @param size {@code slicer}: bytes per write
 * @param delay {@code slicer}: the pause between two writes
 * @param afterLines {@code close}, {@code reset}, {@code blackhole}, {@code stop-reading},
 * {@code half-close}: how many lines are echoed first
 * @param afterBytes {@code close}, {@code reset}: how many bytes of echoes are written first, instead
 * @param bytes {@code truncate}: how many of a datagram's first bytes are echoed
 */
record Fault(FaultType type, double probability, @Nullable Long seed, Duration latency, Duration jitter,
		long rate, int size, Duration delay, @Nullable Long afterLines, @Nullable Long afterBytes,
		@Nullable Integer bytes) {

	Fault {
		require(probability >= 0 && probability <= 1, "probability must be between 0 and 1");
		require(!latency.isNegative() && !jitter.isNegative() && !delay.isNegative(), "durations must not be negative");
		switch (type) {
			case LATENCY -> require(latency.compareTo(Duration.ZERO) > 0, "a latency fault needs a latency");
			case BANDWIDTH -> require(rate > 0, "a bandwidth fault needs a rate in bytes per second");
			case SLICER -> require(size > 0, "a slicer fault needs a size");
			case CLOSE, RESET -> require((afterLines == null) != (afterBytes == null),
					"a " + type.tag() + " fault needs after-lines or after-bytes, not both");
			case BLACKHOLE, STOP_READING, HALF_CLOSE -> require(afterBytes == null,
					"a " + type.tag() + " fault counts after-lines, not after-bytes");
			case TRUNCATE -> require(bytes != null && bytes >= 0, "a truncate fault needs bytes, 0 or more");
			case RESET_ON_ACCEPT, DROP, DUPLICATE -> {
			}
		}
		require((afterLines == null || afterLines >= 0) && (afterBytes == null || afterBytes >= 0),
				"after-lines and after-bytes must not be negative");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/** Lines echoed before it acts: 0 when it counts bytes or acts at once. */
	long linesBefore() {
		return (this.afterLines != null) ? this.afterLines : 0;
	}

	/** Whether it counts bytes of echoes rather than lines. */
	boolean countsBytes() {
		return this.afterBytes != null;
	}

}
