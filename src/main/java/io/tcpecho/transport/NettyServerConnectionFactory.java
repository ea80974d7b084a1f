package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.util.Assert;

/**
 * A Spring Integration server connection factory whose connections are Netty channels, each served
 * by one event loop: decoded into {@link Frames}, handed to the gateway and answered on that loop.
 */
public class NettyServerConnectionFactory extends AbstractServerConnectionFactory implements Listener {

	private final String name;

	private final EventLoops eventLoops;

	private final Framing framing;

	private final int maxPayload;

	private final ConnectionListener listener;

	private final ListenerStats stats = new ListenerStats();

	private final ConnectionPipeline pipeline;

	private final AtomicInteger admitted = new AtomicInteger();

	private int maxConnections = Integer.MAX_VALUE;

	private @Nullable Function<Connection, byte[]> greeting;

	private @Nullable ChannelGroup channels;

	private volatile @Nullable Channel serverChannel;

	/**
	 * @param name the listener's name, carried by each of its connections
	 * @param eventLoops the event loops its connections share with every other listener
	 * @param port the port to listen on, 0 for any free one
	 * @param framing how messages are delimited
	 * @param maxPayload the longest payload accepted, framing excluded
	 * @param listeners told of every connection, in order
	 */
	public NettyServerConnectionFactory(String name, EventLoops eventLoops, int port, Framing framing, int maxPayload,
			List<ConnectionListener> listeners) {
		super(port);
		this.name = name;
		this.eventLoops = eventLoops;
		this.framing = framing;
		this.maxPayload = maxPayload;
		this.listener = new ConnectionListeners(listeners);
		this.pipeline = new ConnectionPipeline(name, framing, maxPayload, this.stats);
	}

	/** Most connections open at once; one more is closed as soon as it is accepted. */
	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/** Closes a connection with neither a whole message in nor a reply out for this long; 0 never does. */
	public void setIdleTimeout(Duration idleTimeout) {
		this.pipeline.idleTimeout = idleTimeout;
	}

	/**
	 * Resets a connection whose peer takes none of its pending replies for this long, and ends a
	 * graceful close that cannot flush within it with a reset; 0 never does.
	 */
	public void setWriteTimeout(Duration writeTimeout) {
		this.pipeline.writeTimeout = writeTimeout;
	}

	/** After its FIN, reads and drops what a closing connection still receives for this long, unless the peer's FIN comes first. */
	public void setLinger(Duration linger) {
		this.pipeline.linger = linger;
	}

	/** Speaks TLS with this context on new connections; open ones keep theirs. Null is plaintext. */
	public void setSslContext(@Nullable SslContext sslContext) {
		this.pipeline.tls = sslContext;
	}

	/** Whether connections start with a PROXY protocol header; off by default. */
	public void setProxyProtocol(ProxyProtocol proxyProtocol) {
		this.pipeline.proxyProtocol = proxyProtocol;
	}

	/** Sends each connection this payload, framed, as soon as it opens; null sends nothing. */
	public void setGreeting(@Nullable Function<Connection, byte[]> greeting) {
		this.greeting = greeting;
	}

	/** Adds handlers to each new connection, in this order; none by default. */
	public void setCustomizers(List<ConnectionCustomizer> customizers) {
		this.pipeline.customizers = List.copyOf(customizers);
	}

	@Override
	public NativeTransport transport() {
		return this.eventLoops.transport();
	}

	@Override
	public ListenerStats stats() {
		return this.stats;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Framing framing() {
		return this.framing;
	}

	@Override
	public int maxPayload() {
		return this.maxPayload;
	}

	@Override
	public int maxConnections() {
		return this.maxConnections;
	}

	@Override
	public boolean isTls() {
		return this.pipeline.tls != null;
	}

	@Override
	public ProxyProtocol proxyProtocol() {
		return this.pipeline.proxyProtocol;
	}

	/** Binds at once, so that a port in use fails the start; accepts once the listening event is out. */
	@Override
	public void start() {
		this.lifecycleMonitor.lock();
		try {
			if (!isActive()) {
				Assert.state(!isSingleUse(), "Single-use connections are not supported");
				setActive(true);
				run();
			}
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

	/** Binds the listener, on the caller's thread; {@link #start()} runs it. */
	@Override
	public void run() {
		InetSocketAddress address = bindAddress();
		ChannelFuture bind = this.eventLoops.bind(address, getBacklog(), isSoTcpNoDelay(), isSoKeepAlive(), this::accept);
		if (!bind.isSuccess()) {
			setActive(false);
			publishServerExceptionEvent(new IllegalStateException(bind.cause()));
			PortInUseException inUse = PortInUseException.of(this.name, address, bind.cause());
			if (inUse != null) {
				throw inUse;
			}
			throw new IllegalStateException("Listener '" + this.name + "' could not listen on " + address,
					bind.cause());
		}
		this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
		this.serverChannel = bind.channel();
		setListening(true);
		// at once, not through the task scheduler as Spring Integration does: meters and logs need the port first
		this.listener.listening(this);
		getApplicationEventPublisher().publishEvent(new TcpConnectionServerListeningEvent(this, getPort()));
		bind.channel().config().setAutoRead(true);
	}

	private InetSocketAddress bindAddress() {
		String address = getLocalAddress();
		return (address == null || address.isBlank()) ? new InetSocketAddress(super.getPort())
				: new InetSocketAddress(address, super.getPort());
	}

	/** Admits a connection under the limit, builds its pipeline and wraps it as Spring Integration's. */
	private void accept(SocketChannel channel) {
		if (!isActive() || isShuttingDown()) {
			channel.close();
			return;
		}
		if (this.admitted.incrementAndGet() > this.maxConnections) {
			this.admitted.decrementAndGet();
			Rejection.reject(channel, this.name, this.stats, this.maxConnections, this.pipeline.proxyProtocol,
					this.listener);
			return;
		}
		channel.closeFuture().addListener((closed) -> this.admitted.decrementAndGet());
		Connection connection = this.pipeline.build(channel);
		if (!channel.isOpen()) {
			// a customizer ended it at once, such as a reset-on-accept fault
			this.listener.closed(connection);
			return;
		}
		NettyTcpConnection tcp = new NettyTcpConnection(connection, channel, getApplicationEventPublisher(),
				Objects.requireNonNullElse(getComponentName(), "unknown"), this.framing);
		TcpConnectionSupport wrapped = wrapConnection(tcp);
		// Spring Integration keeps its own map of connections (getOpenConnectionIds, closeConnection):
		// each leaves it as it closes, so no accept walks every open connection to harvest the closed ones
		channel.closeFuture().addListener((closed) -> forget(tcp.getConnectionId()));
		if (getListener() != null) {
			wrapped.registerListener(getListener());
		}
		wrapped.registerSenders(getSenders());
		wrapped.setMapper(getMapper());
		wrapped.setDeserializer(getDeserializer());
		wrapped.setSerializer(getSerializer());
		channel.pipeline().addLast("connection", new ConnectionHandler(tcp, this.listener, this.greeting));
		ChannelGroup group = this.channels;
		if (group != null) {
			group.add(channel);
		}
	}

	private void forget(String connectionId) {
		this.connectionsMonitor.lock();
		try {
			this.connections.remove(connectionId);
		}
		finally {
			this.connectionsMonitor.unlock();
		}
	}

	/** The bound port when asked for port 0. */
	@Override
	public int getPort() {
		Channel channel = this.serverChannel;
		return (channel != null) ? ((InetSocketAddress) channel.localAddress()).getPort() : super.getPort();
	}

	@Override
	public @Nullable SocketAddress getServerSocketAddress() {
		return boundAddress();
	}

	@Override
	public @Nullable InetSocketAddress boundAddress() {
		Channel channel = this.serverChannel;
		return (channel != null) ? (InetSocketAddress) channel.localAddress() : null;
	}

	@Override
	public void stopAccepting() {
		Channel channel = this.serverChannel;
		if (channel != null) {
			channel.close().syncUninterruptibly();
			setListening(false);
		}
	}

	/** Stops accepting and closes every connection; again, does nothing. The event loops stay for the others. */
	@Override
	public void stop() {
		this.lifecycleMonitor.lock();
		try {
			ChannelGroup open = this.channels;
			if (open == null) {
				return;
			}
			stopAccepting();
			super.stop();
			open.close().awaitUninterruptibly();
			this.channels = null;
			this.serverChannel = null;
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

}
