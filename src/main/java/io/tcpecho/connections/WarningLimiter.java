package io.tcpecho.connections;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one warning through per period, counting the events in between, so a flood of bad peers
 * costs one log line per period instead of one per connection.
 */
final class WarningLimiter {

	private final long periodNanos;

	private final AtomicLong sinceWarning = new AtomicLong();

	private final AtomicLong lastWarning;

	WarningLimiter(Duration period) {
		this.periodNanos = period.toNanos();
		this.lastWarning = new AtomicLong(System.nanoTime() - this.periodNanos);
	}

	/**
	 * Counts one event.
	 * @return the events since the last warning, this one included, when a warning is due now; otherwise 0
	 */
	long event() {
		long events = this.sinceWarning.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= this.periodNanos && this.lastWarning.compareAndSet(last, now)) {
			this.sinceWarning.addAndGet(-events);
			return events;
		}
		return 0;
	}

}
