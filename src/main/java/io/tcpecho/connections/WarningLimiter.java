package io.tcpecho.connections;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets one warning through per period, counting the events in between, so a flood of bad peers
 * costs one log line per period instead of one per connection.
 */
final class WarningLimiter {

	private final long periodNanos;

	private final LongSupplier nanoTime;

	private final AtomicLong sinceWarning = new AtomicLong();

	private final AtomicLong lastWarning;

	WarningLimiter(Duration period) {
		this(period, System::nanoTime);
	}

	/** @param nanoTime the clock, {@link System#nanoTime()} but in tests */
	WarningLimiter(Duration period, LongSupplier nanoTime) {
		this.periodNanos = period.toNanos();
		this.nanoTime = nanoTime;
		this.lastWarning = new AtomicLong(nanoTime.getAsLong() - this.periodNanos);
	}

	/**
	 * Counts one event.
	 * @return the events since the last warning, this one included, when a warning is due now; otherwise 0
	 */
	long event() {
		long events = this.sinceWarning.incrementAndGet();
		long now = this.nanoTime.getAsLong();
		long last = this.lastWarning.get();
		if (now - last >= this.periodNanos && this.lastWarning.compareAndSet(last, now)) {
			this.sinceWarning.addAndGet(-events);
			return events;
		}
		return 0;
	}

}
