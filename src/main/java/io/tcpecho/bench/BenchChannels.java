package io.tcpecho.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The load tool's connections on Netty event loops, one per core at most, on the native epoll
 * transport where it loads, like the threads of {@code wrk} or {@code memtier_benchmark}.
 */
final class BenchChannels implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private final EventLoopGroup group;

	private final List<Channel> channels = new ArrayList<>();

	private final List<BenchConnection> connections = new ArrayList<>();

	private BenchChannels(int threads) {
		this.group = newGroup(threads);
	}

	/** Event loops on epoll where it loads, else NIO. */
	static EventLoopGroup newGroup(int threads) {
		IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench-loop"), io);
	}

	/** The channel type of {@link #newGroup}'s event loops. */
	static Class<? extends SocketChannel> channelType() {
		return Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
	}

	/** Netty's client context over the bundle's. */
	static @Nullable SslContext sslContext(@Nullable SSLContext tls) {
		return (tls != null) ? new JdkSslContext(tls, true, null, IdentityCipherSuiteFilter.INSTANCE, null,
				ClientAuth.NONE, null, false) : null;
	}

	/** Connects every connection and, when the run reads greetings, waits for each. */
	static BenchChannels connect(BenchProperties properties, @Nullable SSLContext tls, Recorder latencies)
			throws InterruptedException, ExecutionException, TimeoutException {
		BenchChannels channels = new BenchChannels(
				Math.min(properties.connections(), Runtime.getRuntime().availableProcessors()));
		try {
			SslContext ssl = sslContext(tls);
			SourceAddresses sources = SourceAddresses.parse(properties.sourceAddresses());
			for (int i = 0; i < properties.connections(); i++) {
				BenchConnection connection = new BenchConnection(i, properties, latencies);
				Channel channel = new Bootstrap().group(channels.group)
					.channel(channelType())
					.option(ChannelOption.TCP_NODELAY, true)
					.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
					.handler(new ChannelInitializer<SocketChannel>() {
						@Override
						protected void initChannel(SocketChannel channel) {
							if (ssl != null) {
								channel.pipeline().addLast(verifyingHost(ssl.newHandler(channel.alloc(),
										properties.host(), properties.port())));
							}
							channel.pipeline().addLast(connection);
						}
					})
					.connect(new InetSocketAddress(properties.host(), properties.port()),
							sources.local(i))
					.sync()
					.channel();
				channels.channels.add(channel);
				channels.connections.add(connection);
			}
			for (BenchConnection connection : channels.connections) {
				connection.greeting().get(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
			}
			return channels;
		}
		catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException ex) {
			channels.close();
			throw ex;
		}
	}

	/** Checks the server's certificate against the host name, as the client does. */
	static SslHandler verifyingHost(SslHandler handler) {
		SSLParameters parameters = handler.engine().getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		handler.engine().setSSLParameters(parameters);
		return handler;
	}

	List<BenchConnection> connections() {
		return this.connections;
	}

	/** Starts connection {@code i} sending; see {@link BenchConnection#start}. */
	void start(int i, long quota, long startNanos, long intervalNanos) {
		this.connections.get(i).start(this.channels.get(i), quota, startNanos, intervalNanos);
	}

	@Override
	public void close() {
		this.channels.forEach(Channel::close);
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
