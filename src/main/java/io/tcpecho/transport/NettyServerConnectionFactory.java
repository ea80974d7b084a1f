package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
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

	private final ConnectionListener listener;

	private final ListenerStats stats = new ListenerStats();

	private final ConnectionPolicy policy;

	private final ConnectionPipeline pipeline;

	private @Nullable Function<Connection, byte[]> greeting;

	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private volatile @Nullable Channel serverChannel;

	/**
	 * @param name the listener's name, carried by each of its connections
	 * @param eventLoops the event loops its connections share with every other listener
	 * @param port the port to listen on, 0 for any free one
	 * @param framing how messages are delimited
	 * @param maxPayload the longest payload accepted, framing excluded
	 * @param policy how its connections are admitted, timed and ended
	 * @param listeners told of every connection, in order
	 */
	public NettyServerConnectionFactory(String name, EventLoops eventLoops, int port, Framing framing, int maxPayload,
			ConnectionPolicy policy, List<ConnectionListener> listeners) {
		super(port);
		this.name = name;
		this.eventLoops = eventLoops;
		this.listener = new ConnectionListeners(listeners);
		this.policy = policy;
		this.pipeline = new ConnectionPipeline(name, framing, maxPayload, policy, this.stats, this.listener);
	}

	/** Speaks TLS with this context on new connections; open ones keep theirs. Null is plaintext. */
	public void setSslContext(@Nullable SslContext sslContext) {
		this.pipeline.tls = sslContext;
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
		return this.pipeline.framing();
	}

	@Override
	public int maxPayload() {
		return this.pipeline.maxPayload();
	}

	@Override
	public int maxConnections() {
		return this.policy.maxConnections();
	}

	@Override
	public boolean isTls() {
		return this.pipeline.tls != null;
	}

	@Override
	public ProxyProtocol proxyProtocol() {
		return this.policy.proxyProtocol();
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
		String host = getLocalAddress();
		InetSocketAddress address = (host == null || host.isBlank()) ? new InetSocketAddress(super.getPort())
				: new InetSocketAddress(host, super.getPort());
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
		this.serverChannel = bind.channel();
		setListening(true);
		// at once, not through the task scheduler as Spring Integration does: meters and logs need the port first
		this.listener.listening(this);
		getApplicationEventPublisher().publishEvent(new TcpConnectionServerListeningEvent(this, getPort()));
		bind.channel().config().setAutoRead(true);
	}

	/** Admits a connection under the limit, builds its pipeline and wraps it as Spring Integration's. */
	private void accept(SocketChannel channel) {
		if (!isActive() || isShuttingDown()) {
			channel.close();
			return;
		}
		if (!this.pipeline.admit(channel)) {
			return;
		}
		Connection connection = this.pipeline.build(channel);
		if (!channel.isOpen()) {
			// a customizer ended it at once, such as a reset-on-accept fault
			this.listener.closed(connection);
			return;
		}
		NettyTcpConnection tcp = new NettyTcpConnection(connection, channel, getApplicationEventPublisher(),
				Objects.requireNonNullElse(getComponentName(), "unknown"), this.pipeline.framing());
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
		this.channels.add(channel);
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
			if (this.serverChannel == null) {
				return;
			}
			stopAccepting();
			super.stop();
			this.channels.close().awaitUninterruptibly();
			this.serverChannel = null;
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

}
