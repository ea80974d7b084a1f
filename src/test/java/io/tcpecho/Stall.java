package io.tcpecho;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

/**
 * Waits for a writer whose peer no longer reads to stop making progress.
 */
public final class Stall {

	private Stall() {
	}

	/**
	 * Returns once {@code written} has not moved for {@code quiet}, or the writing has ended.
	 * @param written the bytes written so far, counted by the writer
	 */
	public static void await(AtomicLong written, Future<?> writing, Duration quiet) {
		AtomicLong seen = new AtomicLong(-1);
		Awaitility.await().pollInterval(quiet).atMost(Duration.ofMinutes(1))
			.until(() -> writing.isDone() || written.get() == seen.getAndSet(written.get()));
	}

}
