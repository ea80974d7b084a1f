package io.tcpecho.connections;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.tcpecho.server.Framing;
import io.tcpecho.server.LineBatch;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.ip.tcp.connection.TcpConnectionInterceptorSupport;
import org.springframework.messaging.Message;

/**
 * Serves one connection and counts what passes through it: the counterpart of the forked
 * child in the classic server. Spring Integration wraps each new connection in one of these.
 */
public class ConnectionHandler extends TcpConnectionInterceptorSupport {

	private final EchoMeters meters;

	private final Framing framing;

	private final Instant openedAt = Instant.now();

	private final AtomicLong linesIn = new AtomicLong();

	private final AtomicLong linesOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile long lastActivityMillis = System.currentTimeMillis();

	// a line is echoed on the thread that read it, so one start time per connection suffices
	private volatile long readNanos;

	private volatile @Nullable CloseReason closeReason;

	private volatile @Nullable Instant zombieSince;

	ConnectionHandler(ApplicationEventPublisher publisher, EchoMeters meters, Framing framing) {
		super(publisher);
		this.meters = meters;
		this.framing = framing;
	}

	@Override
	public void onMessage(Message<?> message) {
		int lines = LineBatch.lineCount(message.getPayload());
		if (lines == 0) {
			super.onMessage(message);
			return;
		}
		this.readNanos = System.nanoTime();
		this.lastActivityMillis = System.currentTimeMillis();
		long bytes = this.framing.wireBytes(message.getPayload());
		this.linesIn.addAndGet(lines);
		this.bytesIn.addAndGet(bytes);
		this.meters.received(bytes);
		this.inFlight.addAndGet(lines);
		try {
			super.onMessage(message);
		}
		finally {
			this.inFlight.addAndGet(-lines);
		}
	}

	@Override
	public void send(Message<?> message) {
		super.send(message);
		int lines = LineBatch.lineCount(message.getPayload());
		if (lines > 0) {
			long bytes = this.framing.wireBytes(message.getPayload());
			this.lastActivityMillis = System.currentTimeMillis();
			this.linesOut.addAndGet(lines);
			this.bytesOut.addAndGet(bytes);
			this.meters.echoed(lines, bytes, System.nanoTime() - this.readNanos);
		}
	}

	/**
	 * Closes gracefully: stops reading, so the line being served is answered and the
	 * connection then ends with a FIN.
	 */
	public void closeGracefully(CloseReason reason) throws IOException {
		markClosing(reason);
		getTheConnection().shutdownInput();
	}

	/**
	 * Records why the connection ends, unless a reason is already recorded.
	 * @return whether this reason was recorded
	 */
	public synchronized boolean markClosing(CloseReason reason) {
		if (this.closeReason != null) {
			return false;
		}
		this.closeReason = reason;
		return true;
	}

	/**
	 * Whether the handler outlives its connection, and since when it has been seen so.
	 * @return null while the connection is open
	 */
	@Nullable Instant zombieSince() {
		if (isOpen()) {
			return null;
		}
		if (this.zombieSince == null) {
			this.zombieSince = Instant.now();
		}
		return this.zombieSince;
	}

	public @Nullable CloseReason closeReason() {
		return this.closeReason;
	}

	public Instant openedAt() {
		return this.openedAt;
	}

	public Instant lastActivity() {
		return Instant.ofEpochMilli(this.lastActivityMillis);
	}

	long linesIn() {
		return this.linesIn.get();
	}

	public long linesOut() {
		return this.linesOut.get();
	}

	long bytesIn() {
		return this.bytesIn.get();
	}

	long bytesOut() {
		return this.bytesOut.get();
	}

	public int inFlight() {
		return this.inFlight.get();
	}

	int localPort() {
		var socket = getSocketInfo();
		return (socket != null) ? socket.getLocalPort() : -1;
	}

	public String peer() {
		return getHostAddress() + ":" + getPort();
	}

}
