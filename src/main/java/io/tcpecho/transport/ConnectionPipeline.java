package io.tcpecho.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import org.jspecify.annotations.Nullable;

/**
 * What one listener puts in front of the echo on each accepted channel: PROXY protocol, TLS, the
 * decoder, the idle timeout and the features' handlers.
 */
final class ConnectionPipeline {

	private final String listener;

	private final Framing framing;

	private final int maxMessageSize;

	private final ListenerStats stats;

	Duration idleTimeout = Duration.ZERO;

	Duration writeTimeout = Duration.ZERO;

	Duration linger = Duration.ZERO;

	volatile @Nullable SslContext tls;

	ProxyProtocol proxyProtocol = ProxyProtocol.OFF;

	List<ConnectionCustomizer> customizers = List.of();

	ConnectionPipeline(String listener, Framing framing, int maxPayload, ListenerStats stats) {
		this.listener = listener;
		this.framing = framing;
		this.maxMessageSize = framing.maxMessageSize(maxPayload);
		this.stats = stats;
	}

	/** The connection a new channel carries, its handlers added; closed already where a customizer ended it. */
	Connection build(SocketChannel channel) {
		Connection connection = new Connection(channel, this.listener, channel.remoteAddress(), channel.localAddress(),
				this.stats, this.writeTimeout, this.linger);
		if (this.proxyProtocol != ProxyProtocol.OFF) {
			channel.pipeline().addLast("proxy-detect", new ProxyProtocolHandler(this.proxyProtocol, connection));
		}
		SslContext context = this.tls;
		if (context != null) {
			channel.pipeline().addFirst("first-bytes", new FirstBytes(connection));
			channel.pipeline().addLast("tls", context.newHandler(channel.alloc()));
		}
		channel.pipeline().addLast("frames", new FrameDecoder(this.framing, this.maxMessageSize, connection));
		if (this.idleTimeout.toMillis() > 0) {
			// after the decoder, so that only whole messages in, and replies out, count as activity
			channel.pipeline().addLast(Connection.IDLE_HANDLER, new IdleStateHandler(0, 0, this.idleTimeout.toMillis(),
					TimeUnit.MILLISECONDS));
		}
		for (ConnectionCustomizer customizer : this.customizers) {
			customizer.customize(connection, channel.pipeline());
		}
		return connection;
	}

	/** Notes that bytes arrived, which tells a failed TLS handshake from a bare connect and close, then leaves. */
	private static final class FirstBytes extends ChannelInboundHandlerAdapter {

		private final Connection connection;

		FirstBytes(Connection connection) {
			this.connection = connection;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			this.connection.bytesArrived();
			ctx.pipeline().remove(this);
			ctx.fireChannelRead(msg);
		}

	}

}
