package io.tcpecho.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread of the load tool: a selector over a share of the connections, like a thread of
 * {@code wrk} or {@code memtier_benchmark}. In closed loop the selector thread also sends: an echo
 * frees room for the next line. At a fixed rate a second thread, the pacer, sends each line at its
 * time, because a selector waits in whole milliseconds and a pause between sends would leave
 * echoes unread. Hand-written on the JDK's selector: the tool is meant to cost the machine as
 * little as possible, and a Netty or Reactor client would add a framework to a jar that is a server.
 */
final class BenchLoop implements Runnable {

	private static final long MILLI = 1_000_000;

	private final List<BenchConnection> connections = new ArrayList<>();

	private final Selector selector;

	private final Thread thread;

	/** Sends at a fixed rate; null in closed loop. */
	private final Thread pacer;

	private volatile boolean closing;

	BenchLoop(int index, boolean fixedRate) throws IOException {
		this.selector = Selector.open();
		this.thread = new Thread(this, "bench-loop-" + index);
		this.pacer = fixedRate ? new Thread(this::pace, "bench-pacer-" + index) : null;
	}

	void add(BenchConnection connection) {
		this.connections.add(connection);
	}

	void start() {
		this.thread.start();
	}

	@Override
	public void run() {
		try {
			for (BenchConnection connection : this.connections) {
				connection.register(this.selector);
			}
			if (this.pacer != null) {
				this.pacer.start();
			}
			else {
				sendAll(System.nanoTime());
			}
			while (!this.closing) {
				this.selector.select(this::handle);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.connections.forEach(BenchConnection::close);
			try {
				this.selector.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	private void handle(SelectionKey key) {
		BenchConnection connection = (BenchConnection) key.attachment();
		try {
			if (key.isReadable()) {
				connection.read(System.nanoTime());
			}
		}
		catch (CancelledKeyException ex) {
			return; // the pacer closed it
		}
		if (this.pacer == null) {
			connection.send(System.nanoTime());
		}
		else {
			LockSupport.unpark(this.pacer); // an echo may free room for a line that is due
		}
	}

	private void pace() {
		while (!this.closing) {
			long due = sendAll(System.nanoTime());
			// at least every millisecond, to retry output that a full socket held back
			LockSupport.parkNanos(Math.min(due - System.nanoTime(), MILLI));
		}
	}

	private long sendAll(long now) {
		long due = Long.MAX_VALUE;
		for (BenchConnection connection : this.connections) {
			due = Math.min(due, connection.send(now));
		}
		return due;
	}

	/** Stops the threads and closes the connections. */
	void close() throws InterruptedException {
		this.closing = true;
		this.selector.wakeup();
		this.thread.join(5_000);
		if (this.pacer != null) {
			LockSupport.unpark(this.pacer);
			this.pacer.join(5_000);
		}
	}

}
