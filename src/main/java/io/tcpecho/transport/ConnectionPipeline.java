package io.tcpecho.transport;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import org.jspecify.annotations.Nullable;

/**
 * What one listener does with each accepted channel before the echo: admits it under the limit,
 * then puts PROXY protocol, TLS, the decoder, the idle timeout and the features' handlers in front.
 */
final class ConnectionPipeline {

	private final String name;

	private final Framing framing;

	private final int maxPayload;

	private final int maxMessageSize;

	private final ListenerStats stats;

	private final ConnectionListener listener;

	private final AtomicInteger admitted = new AtomicInteger();

	private final ConnectionPolicy policy;

	volatile @Nullable SslContext tls;

	List<ConnectionCustomizer> customizers = List.of();

	ConnectionPipeline(String name, Framing framing, int maxPayload, ConnectionPolicy policy, ListenerStats stats,
			ConnectionListener listener) {
		this.name = name;
		this.framing = framing;
		this.maxPayload = maxPayload;
		this.maxMessageSize = framing.maxMessageSize(maxPayload);
		this.policy = policy;
		this.stats = stats;
		this.listener = listener;
	}

	Framing framing() {
		return this.framing;
	}

	int maxPayload() {
		return this.maxPayload;
	}

	/** Whether the channel is under the limit; one over it is refused, and closed. */
	boolean admit(SocketChannel channel) {
		if (this.admitted.incrementAndGet() > this.policy.maxConnections()) {
			this.admitted.decrementAndGet();
			Rejection.reject(channel, this.name, this.stats, this.policy.maxConnections(), this.policy.proxyProtocol(),
					this.listener);
			return false;
		}
		channel.closeFuture().addListener((closed) -> this.admitted.decrementAndGet());
		return true;
	}

	/** The connection a new channel carries, its handlers added; closed already where a customizer ended it. */
	Connection build(SocketChannel channel) {
		Connection connection = new Connection(channel, this.name, channel.remoteAddress(), channel.localAddress(),
				this.stats, this.policy.writeTimeout(), this.policy.linger());
		if (this.policy.proxyProtocol() != ProxyProtocol.OFF) {
			channel.pipeline().addLast("proxy-detect", new ProxyProtocolHandler(this.policy.proxyProtocol(), connection));
		}
		SslContext context = this.tls;
		if (context != null) {
			channel.pipeline().addFirst("first-bytes", new FirstBytes(connection));
			channel.pipeline().addLast("tls", context.newHandler(channel.alloc()));
		}
		channel.pipeline().addLast("frames", new FrameDecoder(this.framing, this.maxMessageSize, connection));
		long idleMillis = this.policy.idleTimeout().toMillis();
		if (idleMillis > 0) {
			// after the decoder, so that only whole messages in, and replies out, count as activity
			channel.pipeline().addLast(Connection.IDLE_HANDLER, new IdleStateHandler(0, 0, idleMillis,
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
