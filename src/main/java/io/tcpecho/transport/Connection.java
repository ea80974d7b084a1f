package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection as the rest of the application sees it: its peer, what passed through
 * it, and how it ends. Counted on its event loop, read from any thread.
 */
public final class Connection {

	/** The pipeline name of the idle-timeout handler. */
	static final String IDLE_HANDLER = "idle";

	private static final AttributeKey<Connection> KEY = AttributeKey.valueOf(Connection.class, "connection");

	private final Channel channel;

	private final String id;

	private final String listener;

	private final InetSocketAddress peer;

	private final InetSocketAddress local;

	private final Instant openedAt = Instant.now();

	private final Traffic traffic;

	private final Closing closing;

	// each set once on the event loop, when a PROXY protocol header or the TLS handshake is read
	private volatile @Nullable InetSocketAddress source;

	private volatile List<String> proxyTlvs = List.of();

	private volatile @Nullable TlsSession tls;

	private volatile List<String> faults = List.of();

	/** TCP_INFO as read just before the socket closed. */
	private volatile @Nullable TcpInfo lastTcpInfo;

	/** Whether any byte arrived, before TLS or PROXY protocol took it: a handshake was attempted. */
	private volatile boolean bytesArrived;

	Connection(Channel channel, String listener, InetSocketAddress peer, InetSocketAddress local, ListenerStats stats,
			Duration writeTimeout, Duration linger) {
		this.channel = channel;
		this.listener = listener;
		this.peer = peer;
		this.local = local;
		this.traffic = new Traffic(stats);
		this.closing = new Closing(channel, writeTimeout.toNanos(), linger.toNanos());
		// Spring Integration's form, peer:port:localPort:uuid
		this.id = peerAddress() + ":" + peerPort() + ":" + this.local.getPort() + ":" + UUID.randomUUID();
		channel.attr(KEY).set(this);
	}

	/** The connection a channel carries. */
	static Connection of(Channel channel) {
		return channel.attr(KEY).get();
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

	/** {@code address:port} of the peer, for logs. */
	public String peer() {
		return peerAddress() + ":" + peerPort();
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

	/** The address the client connected to. */
	public String localAddress() {
		return this.local.getAddress().getHostAddress();
	}

	public int localPort() {
		return this.local.getPort();
	}

	public Instant openedAt() {
		return this.openedAt;
	}

	/** What the kernel knows of it now (TCP_INFO); null on NIO or once closed; see {@link TcpInfo#now}. */
	public @Nullable TcpInfo tcpInfo() {
		return TcpInfo.now(this.channel);
	}

	/** TCP_INFO as read just before the socket closed; null while it is open, and on NIO. */
	public @Nullable TcpInfo lastTcpInfo() {
		return this.lastTcpInfo;
	}

	/** Hands a reading of TCP_INFO to {@code sample} on its event loop, keeping none; see {@link TcpInfo#sample}. */
	public void sampleTcpInfo(Consumer<TcpInfo> sample) {
		TcpInfo.sample(this.channel, sample);
	}

	/** Reads TCP_INFO now and keeps it for the close, unless the socket is closed already. On the event loop. */
	void captureTcpInfo() {
		TcpInfo info = TcpInfo.of(this.channel);
		if (info != null) {
			this.lastTcpInfo = info;
		}
	}

	/** What has passed through it. */
	public Traffic traffic() {
		return this.traffic;
	}

	/** The faults that hit it, such as {@code reset}; empty for an honest connection. */
	public List<String> faults() {
		return this.faults;
	}

	/** Names the faults that hit it, as the connections endpoint and the close log show them. */
	public void faulted(List<String> tags) {
		this.faults = List.copyOf(tags);
	}

	/** Whether it is held silent or unread on purpose, so that only a deadline or an operator ends it. */
	public boolean isHeld() {
		return this.closing.isHeld();
	}

	/** Holds it silent or unread until the drain's deadline or an operator ends it: no idle timeout either. On the event loop. */
	public void hold() {
		this.closing.hold();
		if (this.channel.pipeline().get(IDLE_HANDLER) != null) {
			this.channel.pipeline().remove(IDLE_HANDLER);
		}
	}

	/** From now on every byte that arrives is read and dropped: the echo has ended. */
	public void discardInput() {
		this.closing.discardInput();
	}

	/** Whether it stopped reading to close. */
	public boolean isClosing() {
		return this.closing.isClosing();
	}

	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/** Why the connection ends, once that is known. */
	public @Nullable CloseReason closeReason() {
		return this.closing.reason();
	}

	/** What went wrong, where the reason is a failure; for logs only. */
	public @Nullable Throwable closeCause() {
		return this.closing.cause();
	}

	/** Records why the connection ends, unless a reason is recorded already; says whether this one was. */
	public boolean recordCloseReason(CloseReason reason) {
		return this.closing.record(reason, null);
	}

	public boolean recordCloseReason(CloseReason reason, @Nullable Throwable cause) {
		return this.closing.record(reason, cause);
	}

	/**
	 * Stops reading, so that what was read is answered, then closes with a FIN once every reply is
	 * written; says whether this call recorded the reason.
	 */
	public boolean closeGracefully(CloseReason reason) {
		boolean recorded = recordCloseReason(reason);
		this.channel.eventLoop().execute(this.closing::finish);
		return recorded;
	}

	/** Closes at once; replies not yet written are lost. */
	public void close(CloseReason reason) {
		recordCloseReason(reason);
		this.channel.close();
	}

	Closing closing() {
		return this.closing;
	}

	void proxied(@Nullable InetSocketAddress source, List<String> tlvTypes) {
		this.source = source;
		this.proxyTlvs = List.copyOf(tlvTypes);
	}

	void tls(TlsSession session) {
		this.tls = session;
	}

	void bytesArrived() {
		this.bytesArrived = true;
	}

	/** Whether any byte arrived at all, before TLS or PROXY protocol took it. */
	boolean hasBytesArrived() {
		return this.bytesArrived;
	}

}
