package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection as the rest of the application sees it: its peer, what passed through
 * it, and how it ends. Counted on its event loop, read from any thread.
 */
public final class Connection {

	/** The pipeline name of the idle-timeout handler. */
	static final String IDLE_HANDLER = "idle";

	private final Channel channel;

	private final String id;

	private final String listener;

	private final InetSocketAddress peer;

	// set once on the event loop when a PROXY protocol header names the original client
	private volatile @Nullable InetSocketAddress source;

	private volatile List<String> proxyTlvs = List.of();

	private volatile @Nullable TlsSession tls;

	private volatile List<String> faults = List.of();

	/** Held silent or unread on purpose: never quiet, so a drain closes it only at its deadline. */
	private volatile boolean held;

	private final InetSocketAddress local;

	private final int localPort;

	private final Instant openedAt = Instant.now();

	private final AtomicReference<@Nullable CloseReason> closeReason = new AtomicReference<>();

	// written only on the event loop, so volatile is enough for readers elsewhere
	private volatile long linesIn;

	private volatile long linesOut;

	private volatile long bytesIn;

	private volatile long bytesOut;

	private volatile int inFlight;

	private volatile long lastActivityMillis = System.currentTimeMillis();

	private volatile @Nullable Throwable closeCause;

	private volatile boolean closing;

	private volatile boolean discarding;

	/** Whether any byte arrived, before TLS or PROXY protocol took it: a handshake was attempted. */
	private volatile boolean bytesArrived;

	private long readNanos;

	private final long writeTimeoutNanos;

	private @Nullable ScheduledFuture<?> writeDeadline;

	Connection(Channel channel, String listener, InetSocketAddress peer, InetSocketAddress local,
			Duration writeTimeout) {
		this.channel = channel;
		this.listener = listener;
		this.writeTimeoutNanos = writeTimeout.toNanos();
		this.peer = peer;
		this.local = local;
		this.localPort = local.getPort();
		// Spring Integration's form, peer:port:localPort:uuid
		this.id = peerAddress() + ":" + peerPort() + ":" + this.localPort + ":" + UUID.randomUUID();
	}

	public String id() {
		return this.id;
	}

	/** The name of the listener that accepted it. */
	public String listener() {
		return this.listener;
	}

	/** The client: the source a PROXY protocol header named, otherwise the socket's peer. */
	public InetSocketAddress peerSocketAddress() {
		InetSocketAddress proxied = this.source;
		return (proxied != null) ? proxied : this.peer;
	}

	public String peerAddress() {
		return peerSocketAddress().getAddress().getHostAddress();
	}

	public int peerPort() {
		return peerSocketAddress().getPort();
	}

	/** {@code address:port} of the proxy that sent a PROXY protocol header, or null without one. */
	public @Nullable String proxy() {
		return (this.source != null) ? this.peer.getAddress().getHostAddress() + ":" + this.peer.getPort() : null;
	}

	/** Types of the PROXY protocol v2 TLVs the proxy sent, such as {@code PP2_TYPE_SSL}. */
	public List<String> proxyTlvs() {
		return this.proxyTlvs;
	}

	/** The TLS session once the handshake is done; null on a plaintext listener. */
	public @Nullable TlsSession tls() {
		return this.tls;
	}

	/** The faults that hit it, such as {@code reset}; empty for an honest connection. */
	public List<String> faults() {
		return this.faults;
	}

	/** Whether it is held silent or unread on purpose, so that only a deadline or an operator ends it. */
	public boolean isHeld() {
		return this.held;
	}

	/** Names the faults that hit it, as the connections endpoint and the close log show them. */
	public void faulted(List<String> tags) {
		this.faults = List.copyOf(tags);
	}

	/** Holds it silent or unread until the drain's deadline or an operator ends it: no idle timeout either. Runs on the event loop. */
	public void hold() {
		this.held = true;
		if (this.channel.pipeline().get(IDLE_HANDLER) != null) {
			this.channel.pipeline().remove(IDLE_HANDLER);
		}
	}

	void proxied(@Nullable InetSocketAddress source, List<String> tlvTypes) {
		this.source = source;
		this.proxyTlvs = List.copyOf(tlvTypes);
	}

	void tls(TlsSession session) {
		this.tls = session;
	}

	/** {@code address:port} of the peer, for logs. */
	public String peer() {
		return peerAddress() + ":" + peerPort();
	}

	/** The address the client connected to. */
	public String localAddress() {
		return this.local.getAddress().getHostAddress();
	}

	public int localPort() {
		return this.localPort;
	}

	public Instant openedAt() {
		return this.openedAt;
	}

	public Instant lastActivity() {
		return Instant.ofEpochMilli(this.lastActivityMillis);
	}

	public long linesIn() {
		return this.linesIn;
	}

	public long linesOut() {
		return this.linesOut;
	}

	public long bytesIn() {
		return this.bytesIn;
	}

	public long bytesOut() {
		return this.bytesOut;
	}

	/** Messages read and not yet answered. */
	public int inFlight() {
		return this.inFlight;
	}

	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/** Why the connection ends, once that is known. */
	public @Nullable CloseReason closeReason() {
		return this.closeReason.get();
	}

	/** What went wrong, where the reason is a failure; for logs only. */
	public @Nullable Throwable closeCause() {
		return this.closeCause;
	}

	/**
	 * Records why the connection ends, unless a reason is recorded already.
	 * @return whether this reason was recorded
	 */
	public boolean recordCloseReason(CloseReason reason) {
		return recordCloseReason(reason, null);
	}

	public boolean recordCloseReason(CloseReason reason, @Nullable Throwable cause) {
		if (!this.closeReason.compareAndSet(null, reason)) {
			return false;
		}
		this.closeCause = cause;
		return true;
	}

	/**
	 * Stops reading, so that what was read is answered, then closes with a FIN once every reply is
	 * written.
	 * @return whether this call recorded the reason
	 */
	public boolean closeGracefully(CloseReason reason) {
		boolean recorded = recordCloseReason(reason);
		this.channel.eventLoop().execute(this::finish);
		return recorded;
	}

	/** Closes at once; replies not yet written are lost. */
	public void close(CloseReason reason) {
		recordCloseReason(reason);
		this.channel.close();
	}

	/** Reads no more; closes once every reply is written, or resets at the write timeout. Runs on the event loop. */
	void finish() {
		if (this.closing) {
			return;
		}
		this.closing = true;
		this.channel.config().setAutoRead(false);
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		startWriteDeadline();
	}

	/**
	 * The peer stopped reading its replies (or caught up): from now on it has the write timeout to
	 * take them before the connection is reset. Runs on the event loop.
	 */
	void writable(boolean writable) {
		if (writable && !this.closing) {
			ScheduledFuture<?> deadline = this.writeDeadline;
			if (deadline != null) {
				deadline.cancel(false);
				this.writeDeadline = null;
			}
		}
		else if (!writable) {
			startWriteDeadline();
		}
	}

	private void startWriteDeadline() {
		if (this.writeTimeoutNanos > 0 && this.writeDeadline == null && this.channel.isOpen()) {
			this.writeDeadline = this.channel.eventLoop()
				.schedule(this::reset, this.writeTimeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	/** Ends a connection whose replies cannot be written: a FIN would wait behind them. */
	private void reset() {
		if (this.channel.isOpen()) {
			recordCloseReason(CloseReason.WRITE_TIMEOUT);
			this.channel.config().setOption(ChannelOption.SO_LINGER, 0);
			this.channel.close();
		}
	}

	void bytesArrived() {
		this.bytesArrived = true;
	}

	/** Whether any byte arrived at all, before TLS or PROXY protocol took it. */
	boolean hasBytesArrived() {
		return this.bytesArrived;
	}

	/** From now on every byte that arrives is read and dropped: the echo has ended. */
	public void discardInput() {
		this.discarding = true;
	}

	/** Whether what arrives is read and dropped: the connection is closing, or a fault ended the echo. */
	boolean isDroppingInput() {
		return this.closing || this.discarding;
	}

	/** Whether input is being discarded because the connection is closing. */
	public boolean isClosing() {
		return this.closing;
	}

	void received(int messages, long bytes) {
		this.readNanos = System.nanoTime();
		this.lastActivityMillis = System.currentTimeMillis();
		this.linesIn += messages;
		this.bytesIn += bytes;
		this.inFlight += messages;
	}

	/** Counts replies written and returns the nanoseconds since their read. */
	long sent(int messages, long bytes) {
		this.lastActivityMillis = System.currentTimeMillis();
		this.linesOut += messages;
		this.bytesOut += bytes;
		return System.nanoTime() - this.readNanos;
	}

	/** The messages of a read are answered, or given up. */
	void answered(int messages) {
		this.inFlight -= messages;
	}

}
