package io.tcpecho.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * What the client waits for, in the order it happens: the next line of input, the end of input,
 * or the server's close. The input is read on a thread of its own, so that waiting for a line
 * never hides the close: the {@code select} on both of UNP chapter 6.
 */
final class InputEvents {

	/** The end of input. */
	static final Object END = new Object();

	/** Lines read ahead of the sender at most: a large file piped in is not read into memory whole. */
	private static final int READ_AHEAD = 4096;

	private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

	private final Semaphore readAhead = new Semaphore(READ_AHEAD);

	InputEvents(InputStream in, ServerCloseWatcher watcher) {
		watcher.closed().thenAccept(this.events::add);
		Thread reader = new Thread(() -> {
			try {
				byte[] line;
				while ((line = LineClient.readLine(in)) != null) {
					this.readAhead.acquire();
					this.events.add(line);
				}
				this.events.add(END);
			}
			catch (IOException ex) {
				this.events.add(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "stdin");
		// blocked in a read of standard input, it must not keep the JVM alive
		reader.setDaemon(true);
		reader.start();
	}

	/** Adds the lines already read that come next, until {@code into} holds {@code max}; never waits. */
	void moreLines(List<byte[]> into, int max) {
		// one consumer: what it peeks is what it polls
		while (into.size() < max && this.events.peek() instanceof byte[]) {
			into.add((byte[]) this.events.poll());
			this.readAhead.release();
		}
	}

	/** A line ({@code byte[]}), {@link #END}, or how the server closed the connection ({@link Throwable}). */
	Object next() throws InterruptedException {
		Object event = this.events.take();
		if (event instanceof byte[]) {
			this.readAhead.release();
		}
		return event;
	}

}
