package io.tcpecho.transport;

import java.time.Duration;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a connection over the limit and says so; on a PROXY protocol listener, once its header
 * names the client (or within a few seconds), so that the refusal names the client, not the proxy.
 */
final class Rejection extends ChannelInboundHandlerAdapter {

	/** How long a connection refused at the limit may take to send its PROXY header. */
	private static final int HEADER_SECONDS = 5;

	private final Connection connection;

	private final int limit;

	private final ConnectionListener listener;

	private Rejection(Connection connection, int limit, ConnectionListener listener) {
		this.connection = connection;
		this.limit = limit;
		this.listener = listener;
	}

	static void reject(SocketChannel channel, String name, ListenerStats stats, int limit, ProxyProtocol proxyProtocol,
			ConnectionListener listener) {
		if (proxyProtocol == ProxyProtocol.OFF) {
			channel.close();
			listener.rejected(name, channel.remoteAddress(), limit);
			return;
		}
		Connection connection = new Connection(channel, name, channel.remoteAddress(), channel.localAddress(), stats,
				Duration.ZERO, Duration.ZERO);
		channel.pipeline()
			.addLast(new ReadTimeoutHandler(HEADER_SECONDS))
			.addLast(new ProxyProtocolHandler(proxyProtocol, connection))
			.addLast(new Rejection(connection, limit, listener));
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.close();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ReferenceCountUtil.release(msg);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.listener.rejected(this.connection.listener(), this.connection.peerSocketAddress(), this.limit);
	}

}
