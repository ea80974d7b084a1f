package io.tcpecho;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

/**
 * Waits for a writer whose peer no longer reads to stop making progress.
 */
public final class Stall {

	private Stall() {
	}

	/** A line of 1 KiB or so, for a client that sends and never reads. */
	public static final byte[] LINE = "a line nobody reads, 1 KiB or so ......................\r\n".repeat(17)
		.getBytes(StandardCharsets.US_ASCII);

	/**
	 * Connects to the echo port and sends lines without reading the echoes, on {@code writer}, until
	 * the server stops reading them; the socket stays open.
	 */
	public static Socket floodWithoutReading(int port, ExecutorService writer) throws IOException {
		Socket greedy = new Socket();
		greedy.setReceiveBufferSize(64 * 1024);
		greedy.connect(new InetSocketAddress("127.0.0.1", port));
		AtomicLong written = new AtomicLong();
		Future<?> sending = writer.submit(() -> {
			OutputStream out = greedy.getOutputStream();
			while (true) {
				out.write(LINE);
				written.addAndGet(LINE.length);
			}
		});
		await(written, sending, Duration.ofMillis(300));
		return greedy;
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
