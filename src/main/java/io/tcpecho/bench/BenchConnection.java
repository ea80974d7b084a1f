package io.tcpecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import javax.net.ssl.SSLContext;

import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark connection: sends lines, keeping at most {@code inFlight} unanswered, and checks
 * each echo byte for byte and records its latency; driven, without blocking, by a {@link BenchLoop}.
 */
final class BenchConnection {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final int BUFFER_BYTES = 64 * 1024;

	private final int id;

	private final SocketChannel channel;

	private final BenchTransport transport;

	private final Recorder latencies;

	private final byte[] payload;

	private final @Nullable String greeting;

	private final byte[] expected;

	/** Send time of each line in flight, by sequence number modulo the in-flight limit. */
	private final AtomicLongArray sentAt;

	/** Lines waiting to be written, in write mode (position = end of data). */
	private final ByteBuffer out;

	/** Bytes read and not yet checked, in write mode; a heap buffer, to scan its array. */
	private final ByteBuffer in;

	private long quota;

	private long startNanos;

	private long intervalNanos;

	/** The sender's own count of lines sent, published in {@link #sent}. */
	private long sentCount;

	/** The reader's own count of echoes, published in {@link #echoed}. */
	private long echoedCount;

	private SelectionKey key;

	final AtomicLong sent = new AtomicLong();

	final AtomicLong echoed = new AtomicLong();

	final AtomicLong errors = new AtomicLong();

	private volatile boolean stopping;

	private volatile boolean closed;

	BenchConnection(int id, BenchProperties properties, Recorder latencies, @Nullable SSLContext tls)
			throws IOException {
		this.id = id;
		this.latencies = latencies;
		this.payload = new byte[properties.payloadBytes()];
		this.expected = new byte[properties.payloadBytes()];
		this.sentAt = new AtomicLongArray(properties.inFlight());
		int buffer = Math.max(BUFFER_BYTES, 2 * (this.payload.length + CRLF.length));
		this.out = ByteBuffer.allocateDirect(buffer);
		this.in = ByteBuffer.allocate(buffer);
		this.channel = SocketChannel.open();
		this.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		this.channel.socket().connect(new InetSocketAddress(properties.host(), properties.port()), 10_000);
		this.transport = (tls != null) ? new TlsBenchTransport(this.channel, tls, properties.host(), properties.port())
				: BenchTransport.plain(this.channel);
		this.greeting = properties.greeting() ? readGreeting() : null;
		this.channel.configureBlocking(false);
	}

	/**
	 * The server's first line, read before anything is sent, while the channel still blocks; the
	 * server sends nothing after it until it hears from the client.
	 */
	private String readGreeting() throws IOException {
		ByteBuffer line = ByteBuffer.allocate(BUFFER_BYTES);
		while (!endsWithCrLf(line)) {
			if (!line.hasRemaining() || this.transport.read(line) < 0) {
				throw new IOException("No whole greeting line from the server");
			}
		}
		return new String(line.array(), 0, line.position() - CRLF.length, StandardCharsets.UTF_8);
	}

	private static boolean endsWithCrLf(ByteBuffer line) {
		int end = line.position();
		return end >= 2 && line.get(end - 2) == '\r' && line.get(end - 1) == '\n';
	}

	/** The server's greeting, or null when none was read. */
	@Nullable String greeting() {
		return this.greeting;
	}

	/**
	 * Sets what to send: {@code quota} lines (0 for no limit) from {@code startNanos} at
	 * {@code intervalNanos} apart (0 for closed loop). Called before the loop starts.
	 */
	void schedule(long quota, long startNanos, long intervalNanos) {
		this.quota = quota;
		this.startNanos = startNanos;
		this.intervalNanos = intervalNanos;
	}

	void register(Selector selector) throws IOException {
		this.key = this.channel.register(selector, SelectionKey.OP_READ, this);
	}

	/**
	 * Queues every line that may be sent at {@code now} and writes them. Returns when the next
	 * line falls due at a fixed rate, or {@link Long#MAX_VALUE} when only an echo can free one.
	 */
	long send(long now) {
		if (this.closed) {
			return Long.MAX_VALUE;
		}
		long next = Long.MAX_VALUE;
		while (!this.stopping && (this.quota == 0 || this.sentCount < this.quota)
				&& this.sentCount - this.echoed.get() < this.sentAt.length()
				&& this.out.remaining() >= this.payload.length + CRLF.length) {
			// closed loop: a line is due once it may be sent; fixed rate: when it was scheduled
			long due = (this.intervalNanos > 0) ? this.startNanos + this.sentCount * this.intervalNanos : now;
			if (due > now) {
				next = due;
				break;
			}
			this.sentAt.set((int) (this.sentCount % this.sentAt.length()), due);
			Payloads.fill(this.payload, this.id, this.sentCount);
			this.out.put(this.payload).put(CRLF);
			this.sentCount++;
		}
		this.sent.lazySet(this.sentCount);
		flush();
		return next;
	}

	/**
	 * Writes what is queued. In closed loop it asks the loop for {@code OP_WRITE} while the socket
	 * is full; a pacer tries again on its next turn.
	 */
	private void flush() {
		if (this.closed || (this.out.position() == 0 && !this.transport.hasPendingOutput())) {
			return;
		}
		try {
			this.out.flip();
			this.transport.write(this.out);
			this.out.compact();
			if (this.intervalNanos > 0) {
				return;
			}
			boolean pending = this.out.position() > 0 || this.transport.hasPendingOutput();
			int ops = pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
			if (this.key.interestOps() != ops) {
				this.key.interestOps(ops);
			}
		}
		catch (IOException ex) {
			fail();
		}
	}

	/** Reads what the server sent, checks and times each whole echo in it. */
	void read(long now) {
		int read;
		do {
			read = readOnce(now);
		}
		while (read > 0 && this.transport.hasBufferedInput());
	}

	private int readOnce(long now) {
		if (this.closed) {
			return -1;
		}
		int read;
		try {
			read = this.transport.read(this.in);
			if (read < 0) {
				if (this.echoedCount < this.sent.get()) {
					fail();
				}
				close();
				return -1;
			}
		}
		catch (IOException ex) {
			fail();
			return -1;
		}
		byte[] bytes = this.in.array();
		int end = this.in.position();
		int lineStart = 0;
		for (int i = 1; i < end; i++) {
			if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
				if (!Payloads.matches(bytes, lineStart, i - 1 - lineStart, this.expected, this.id, this.echoedCount)) {
					this.errors.incrementAndGet();
				}
				this.latencies.recordValue(Math.max(0, now - this.sentAt.get((int) (this.echoedCount % this.sentAt.length()))));
				this.echoedCount++;
				lineStart = i + 1;
			}
		}
		if (end - lineStart > this.payload.length + CRLF.length) {
			fail(); // an echo longer than the payload sent
			return -1;
		}
		this.in.flip().position(lineStart);
		this.in.compact();
		this.echoed.lazySet(this.echoedCount);
		return read;
	}

	/** Stops sending; echoes of the lines already sent are still read. */
	void stopSending() {
		this.stopping = true;
	}

	/** Whether it sends no more and every line it sent has come back, or it has failed. */
	boolean isComplete() {
		return this.closed || ((this.stopping || (this.quota > 0 && this.sent.get() >= this.quota))
				&& this.echoed.get() >= this.sent.get());
	}

	private void fail() {
		this.errors.incrementAndGet();
		close();
	}

	void close() {
		this.closed = true;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
