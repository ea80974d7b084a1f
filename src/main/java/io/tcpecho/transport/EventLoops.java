package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops that every listener's connections share, on one transport; closed after the listeners stop.
 */
public final class EventLoops implements AutoCloseable {

	private final NativeTransport transport;

	private final EventLoopGroup group;

	/**
	 * @param threads event-loop threads; 0 is one per core
	 * @param transport the transport to run
	 * @throws IllegalStateException when that transport cannot load here
	 */
	public EventLoops(int threads, NativeTransport transport) {
		this.transport = transport.resolve();
		this.group = new MultiThreadIoEventLoopGroup((threads > 0) ? threads : NettyRuntime.availableProcessors(),
				new DefaultThreadFactory("echo-io"), this.transport.handlers());
	}

	/** The transport that runs: never {@link NativeTransport#AUTO}. */
	public NativeTransport transport() {
		return this.transport;
	}

	/**
	 * Binds a listening socket on these loops, which accepts nothing until its channel is set to
	 * auto-read; {@code accept} sets up each accepted channel, in its initializer.
	 */
	ChannelFuture bind(InetSocketAddress address, int backlog, boolean noDelay, boolean keepAlive,
			Consumer<SocketChannel> accept) {
		return new ServerBootstrap().group(this.group)
			.channel(this.transport.serverChannel())
			.option(ChannelOption.SO_BACKLOG, backlog)
			.option(ChannelOption.AUTO_READ, false)
			.childOption(ChannelOption.TCP_NODELAY, noDelay)
			.childOption(ChannelOption.SO_KEEPALIVE, keepAlive)
			// the peer's FIN ends its input only: what it sent before is still answered
			.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					accept.accept(channel);
				}
			})
			.bind(address)
			.awaitUninterruptibly();
	}

	/** No quiet period: the listeners closed their connections; lets their close tasks run, then ends. */
	@Override
	public void close() {
		this.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
