package io.tcpecho.transport;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
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
public class NettyServerConnectionFactory extends AbstractServerConnectionFactory {

	private final Framing framing;

	private final int maxMessageSize;

	private final ConnectionListener listener;

	private final AtomicInteger admitted = new AtomicInteger();

	private int maxConnections = Integer.MAX_VALUE;

	private Duration idleTimeout = Duration.ZERO;

	private Duration writeTimeout = Duration.ZERO;

	private int eventLoops;

	private @Nullable EventLoopGroup loops;

	private @Nullable ChannelGroup channels;

	private volatile @Nullable Channel serverChannel;

	/**
	 * @param port the port to listen on, 0 for any free one
	 * @param framing how messages are delimited
	 * @param maxPayload the longest payload accepted, framing excluded
	 * @param listeners told of every connection, in order
	 */
	public NettyServerConnectionFactory(int port, Framing framing, int maxPayload, List<ConnectionListener> listeners) {
		super(port);
		this.framing = framing;
		this.maxMessageSize = framing.maxMessageSize(maxPayload);
		this.listener = new ConnectionListeners(listeners);
	}

	/** Most connections open at once; one more is closed as soon as it is accepted. */
	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	/** Closes a connection with neither a whole message in nor a reply out for this long; 0 never does. */
	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	/**
	 * Resets a connection whose peer takes none of its pending replies for this long, and ends a
	 * graceful close that cannot flush within it with a reset; 0 never does.
	 */
	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	/** Event loops serving the connections; 0, the default, is one per core. */
	public void setEventLoops(int eventLoops) {
		this.eventLoops = eventLoops;
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
		int threads = (this.eventLoops > 0) ? this.eventLoops : NettyRuntime.availableProcessors();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("echo-io"),
				NioIoHandler.newFactory());
		InetSocketAddress address = bindAddress();
		ChannelFuture bind = new ServerBootstrap().group(group)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, getBacklog())
			// accepts nothing until the listeners have heard that it listens
			.option(ChannelOption.AUTO_READ, false)
			.childOption(ChannelOption.TCP_NODELAY, isSoTcpNoDelay())
			.childOption(ChannelOption.SO_KEEPALIVE, isSoKeepAlive())
			// the peer's FIN ends its input only: what it sent before is still answered
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					accept(channel);
				}
			})
			.bind(address)
			.awaitUninterruptibly();
		if (!bind.isSuccess()) {
			group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			setActive(false);
			publishServerExceptionEvent(new IllegalStateException(bind.cause()));
			if (bind.cause() instanceof BindException inUse) {
				throw new PortInUseException(address, inUse);
			}
			throw new IllegalStateException("Could not listen on " + address, bind.cause());
		}
		this.loops = group;
		this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
		this.serverChannel = bind.channel();
		setListening(true);
		// at once, not through the task scheduler as Spring Integration does: meters and logs need the port first
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
			channel.close();
			this.listener.rejected(channel.remoteAddress(), this.maxConnections);
			return;
		}
		channel.closeFuture().addListener((closed) -> this.admitted.decrementAndGet());
		Connection connection = new Connection(channel, channel.remoteAddress(), channel.localAddress(),
				this.writeTimeout);
		NettyTcpConnection tcp = new NettyTcpConnection(connection, channel, getApplicationEventPublisher(),
				Objects.requireNonNullElse(getComponentName(), "unknown"), this.framing, this.listener);
		TcpConnectionSupport wrapped = wrapConnection(tcp);
		if (getListener() != null) {
			wrapped.registerListener(getListener());
		}
		wrapped.registerSenders(getSenders());
		wrapped.setMapper(getMapper());
		wrapped.setDeserializer(getDeserializer());
		wrapped.setSerializer(getSerializer());
		channel.pipeline().addLast("frames", new FrameDecoder(this.framing, this.maxMessageSize, connection));
		if (this.idleTimeout.toMillis() > 0) {
			// after the decoder, so that only whole messages in, and replies out, count as activity
			channel.pipeline().addLast("idle", new IdleStateHandler(0, 0, this.idleTimeout.toMillis(),
					TimeUnit.MILLISECONDS));
		}
		channel.pipeline().addLast("connection", new ConnectionHandler(tcp, this.listener));
		ChannelGroup group = this.channels;
		if (group != null) {
			group.add(channel);
		}
		harvestClosedConnections();
	}

	/** The bound port when asked for port 0. */
	@Override
	public int getPort() {
		Channel channel = this.serverChannel;
		return (channel != null) ? ((InetSocketAddress) channel.localAddress()).getPort() : super.getPort();
	}

	@Override
	public @Nullable SocketAddress getServerSocketAddress() {
		Channel channel = this.serverChannel;
		return (channel != null) ? channel.localAddress() : null;
	}

	/**
	 * Closes the listening socket, so that new connections are refused by the kernel rather than
	 * accepted and dropped; open connections go on.
	 */
	public void stopAccepting() {
		Channel channel = this.serverChannel;
		if (channel != null) {
			channel.close().syncUninterruptibly();
			setListening(false);
		}
	}

	/** Stops accepting, closes every connection, then stops the event loops; again, does nothing. */
	@Override
	public void stop() {
		this.lifecycleMonitor.lock();
		try {
			EventLoopGroup group = this.loops;
			if (group == null) {
				return;
			}
			stopAccepting();
			super.stop();
			ChannelGroup open = this.channels;
			if (open != null) {
				open.close().awaitUninterruptibly();
			}
			// no quiet period: the connections are closed; let their close tasks run, then end
			group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
			this.loops = null;
			this.channels = null;
			this.serverChannel = null;
		}
		finally {
			this.lifecycleMonitor.unlock();
		}
	}

}
