package io.tcpecho.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * One benchmark connection: a writer thread sends lines, keeping at most {@code inFlight}
 * unanswered, and a reader thread checks each echo and records its latency. Plain blocking
 * sockets, so the load tool itself adds as little as possible to what it measures.
 */
final class BenchConnection {

	private static final byte[] CRLF = { '\r', '\n' };

	private final int id;

	private final Socket socket;

	private final BenchProperties properties;

	private final Recorder latencies;

	private final Semaphore permits;

	/** Send time of each line in flight, by sequence number modulo the in-flight limit. */
	private final AtomicLongArray sentAt;

	final AtomicLong sent = new AtomicLong();

	final AtomicLong echoed = new AtomicLong();

	final AtomicLong errors = new AtomicLong();

	private volatile boolean stopping;

	private Thread writer;

	private Thread reader;

	BenchConnection(int id, BenchProperties properties, Recorder latencies) throws IOException {
		this.id = id;
		this.properties = properties;
		this.latencies = latencies;
		this.permits = new Semaphore(properties.inFlight());
		this.sentAt = new AtomicLongArray(properties.inFlight());
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress(properties.host(), properties.port()), 10_000);
	}

	/**
	 * Starts sending {@code quota} lines (0 for no limit) from {@code startNanos} at
	 * {@code intervalNanos} apart (0 for closed loop).
	 */
	void start(long quota, long startNanos, long intervalNanos) {
		this.writer = new Thread(() -> write(quota, startNanos, intervalNanos), "bench-writer-" + this.id);
		this.reader = new Thread(this::read, "bench-reader-" + this.id);
		this.writer.start();
		this.reader.start();
	}

	private void write(long quota, long startNanos, long intervalNanos) {
		byte[] payload = new byte[this.properties.payloadBytes()];
		try {
			OutputStream out = new BufferedOutputStream(this.socket.getOutputStream(), 64 * 1024);
			for (long seq = 0; !this.stopping && (quota == 0 || seq < quota); seq++) {
				long scheduled = (intervalNanos > 0) ? startNanos + seq * intervalNanos : 0;
				if (scheduled > 0) {
					parkUntil(scheduled);
				}
				if (!this.permits.tryAcquire()) {
					out.flush(); // nothing more may be sent now: let what is buffered go
					this.permits.acquire();
				}
				// closed loop: a line is due once it may be sent; fixed rate: when it was scheduled
				this.sentAt.set((int) (seq % this.sentAt.length()), (scheduled > 0) ? scheduled : System.nanoTime());
				Payloads.fill(payload, this.id, seq);
				out.write(payload);
				out.write(CRLF);
				this.sent.incrementAndGet();
				if (intervalNanos > 0) {
					out.flush();
				}
			}
			out.flush();
		}
		catch (IOException ex) {
			fail();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void read() {
		int max = this.properties.payloadBytes();
		byte[] line = new byte[max + 2];
		byte[] expected = new byte[max];
		try {
			InputStream in = new BufferedInputStream(this.socket.getInputStream(), 64 * 1024);
			// reads until finish() closes the socket once every line sent has come back
			for (long seq = 0;; seq++) {
				int length = readLine(in, line);
				long now = System.nanoTime();
				if (length < 0) {
					if (seq < this.sent.get()) {
						fail();
					}
					return;
				}
				if (!Payloads.matches(line, length, expected, this.id, seq)) {
					this.errors.incrementAndGet();
				}
				this.latencies.recordValue(Math.max(0, now - this.sentAt.get((int) (seq % this.sentAt.length()))));
				this.echoed.incrementAndGet();
				this.permits.release();
			}
		}
		catch (IOException ex) {
			if (!this.stopping || this.echoed.get() < this.sent.get()) {
				fail();
			}
		}
	}

	/** Reads one CRLF line into {@code line}; returns its length, or -1 at the end of input. */
	private static int readLine(InputStream in, byte[] line) throws IOException {
		int n = 0;
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n' && n > 0 && line[n - 1] == '\r') {
				return n - 1;
			}
			if (n == line.length) {
				throw new IOException("echo longer than the payload sent");
			}
			line[n++] = (byte) b;
		}
		return -1;
	}

	private void fail() {
		this.errors.incrementAndGet();
		this.stopping = true;
		this.permits.release(this.sentAt.length());
	}

	/** Stops sending; the reader goes on until every line sent is echoed. */
	void stopSending() {
		this.stopping = true;
	}

	/** Whether the writer is done and every line it sent has come back. */
	boolean isComplete() {
		return !this.writer.isAlive() && this.echoed.get() >= this.sent.get();
	}

	/** Waits up to the timeout for the echoes of every line sent, then closes; missing echoes are errors. */
	void finish(long timeoutMillis) throws InterruptedException {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		this.writer.join(timeoutMillis);
		while (this.echoed.get() < this.sent.get() && this.reader.isAlive() && System.currentTimeMillis() < deadline) {
			this.reader.join(10);
		}
		close();
		this.reader.join(1000);
		long missing = this.sent.get() - this.echoed.get();
		if (missing > 0) {
			this.errors.addAndGet(missing);
		}
	}

	void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private static void parkUntil(long deadlineNanos) {
		long wait;
		while ((wait = deadlineNanos - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

}
