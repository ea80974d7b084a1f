package io.tcpecho.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.tcp.connection.AbstractServerConnectionFactory;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;

/**
 * A Spring Integration server connection factory whose connections are served by Netty event
 * loops (NIO, two per core, as Netty sizes them; {@code -Dio.netty.eventLoopThreads} changes
 * it) instead of a thread each.
 * <p>
 * Why not Spring Integration's own factories: the blocking one puts a thread to sleep and
 * wakes it for every request, which at 16 and 128 connections on two cores cost up to twice
 * the CPU per echo of an event loop and a third of the throughput (bench/RESULTS.md before
 * this factory); its NIO one reads on a selector thread and then hands each read to a pool
 * thread and on to an assembler thread, more hand-offs per request, not fewer. Netty does the
 * event loop; this class joins it to Spring Integration's connections, events, interceptors
 * and gateway, and can stop accepting without closing the connections it has, which a drain
 * needs ({@link #stop()} does both at once).
 */
public class EchoServerConnectionFactory extends AbstractServerConnectionFactory {

	private final Framing framing;

	private volatile @Nullable EventLoopGroup eventLoops;

	private volatile @Nullable Channel serverChannel;

	EchoServerConnectionFactory(int port, Framing framing) {
		super(port);
		this.framing = framing;
	}

	/** Binds the listener; run once on {@link #start()}, on the task executor. */
	@Override
	public void run() {
		if (getListener() == null) {
			logger.info(() -> this + " No listener bound to server connection factory; will not accept");
			return;
		}
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("echo-io"),
				NioIoHandler.newFactory());
		try {
			Channel channel = new ServerBootstrap().group(loops)
				.channelFactory(EchoSocketChannel.Server::new)
				.option(ChannelOption.SO_BACKLOG, getBacklog())
				.childOption(ChannelOption.TCP_NODELAY, isSoTcpNoDelay())
				.childOption(ChannelOption.SO_KEEPALIVE, isSoKeepAlive())
				// the peer's FIN ends its input only: what it sent before is still answered
				.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
				.childHandler(new ChannelInitializer<EchoSocketChannel>() {
					@Override
					protected void initChannel(EchoSocketChannel channel) {
						accept(channel);
					}
				})
				.bind(bindAddress())
				.sync()
				.channel();
			this.eventLoops = loops;
			this.serverChannel = channel;
			setListening(true);
			publishServerListeningEvent(getPort());
		}
		catch (Exception ex) {
			loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.error(ex, () -> "Error on ServerSocket; port = " + getPort());
			publishServerExceptionEvent(ex);
			setActive(false);
		}
	}

	private InetSocketAddress bindAddress() {
		String address = getLocalAddress();
		return (address == null || address.isBlank()) ? new InetSocketAddress(super.getPort())
				: new InetSocketAddress(address, super.getPort());
	}

	/** Wraps an accepted channel in a connection, as the blocking factory wraps a socket. */
	private void accept(EchoSocketChannel channel) {
		if (isShuttingDown()) {
			channel.close();
			return;
		}
		EchoChannelConnection connection = new EchoChannelConnection(channel, isLookupHost(),
				getApplicationEventPublisher(), getComponentName(), this.framing);
		TcpConnectionSupport wrapped = wrapConnection(connection);
		initializeConnection(wrapped, channel.socket());
		channel.pipeline().addLast(connection.reader());
		harvestClosedConnections();
	}

	/** The bound port when asked for port 0. */
	@Override
	public int getPort() {
		Channel channel = this.serverChannel;
		if (super.getPort() == 0 && channel != null) {
			return ((InetSocketAddress) channel.localAddress()).getPort();
		}
		return super.getPort();
	}

	@Override
	public @Nullable SocketAddress getServerSocketAddress() {
		Channel channel = this.serverChannel;
		return (channel != null) ? channel.localAddress() : null;
	}

	/**
	 * Closes the listening socket, so that new connections are refused by the kernel rather
	 * than accepted and dropped; open connections go on.
	 */
	public void stopAccepting() {
		Channel channel = this.serverChannel;
		if (channel != null) {
			channel.close().syncUninterruptibly();
		}
	}

	/** Stops accepting, closes every connection, then stops the event loops. */
	@Override
	public void stop() {
		stopAccepting();
		super.stop();
		EventLoopGroup loops = this.eventLoops;
		if (loops != null) {
			// no quiet period: the connections are closed; let their close tasks run, then end
			loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
		}
		this.eventLoops = null;
		setListening(false);
	}

}
