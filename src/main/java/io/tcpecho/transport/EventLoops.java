package io.tcpecho.transport;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
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

	EventLoopGroup group() {
		return this.group;
	}

	/** No quiet period: the listeners closed their connections; lets their close tasks run, then ends. */
	@Override
	public void close() {
		this.group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
