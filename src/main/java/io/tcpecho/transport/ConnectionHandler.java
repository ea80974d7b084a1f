package io.tcpecho.transport;

import java.io.IOException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last handler of a connection's pipeline: hands its frames to the Spring Integration
 * connection, flushes the replies once per read, and records why the connection ends.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

	private final NettyTcpConnection tcp;

	private final ConnectionListener listener;

	ConnectionHandler(NettyTcpConnection tcp, ConnectionListener listener) {
		this.tcp = tcp;
		this.listener = listener;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.listener.opened(this.tcp.connection());
		this.tcp.opened();
		ctx.fireChannelActive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object frames) {
		this.tcp.dispatch((Frames) frames);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.flush();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		boolean writable = ctx.channel().isWritable();
		if (!this.tcp.connection().isClosing()) {
			// a peer that does not read its replies is not read either, until it catches up
			ctx.channel().config().setAutoRead(writable);
		}
		this.tcp.connection().writable(writable);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownEvent) {
			// the peer's FIN: what it sent before is answered, then the connection closes
			this.tcp.connection().closeGracefully(CloseReason.CLIENT_CLOSED);
		}
		else if (event instanceof IdleStateEvent) {
			this.tcp.connection().closeGracefully(CloseReason.IDLE_TIMEOUT);
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// Netty wraps what a decoder throws unless it is a decoder exception already
		Throwable failure = (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause;
		if (failure instanceof IOException) {
			this.tcp.failed(failure);
		}
		else {
			this.tcp.refused((failure instanceof TooLongFrameException) ? CloseReason.LINE_TOO_LONG : CloseReason.ERROR,
					failure);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.tcp.closed();
		this.listener.closed(this.tcp.connection());
		ctx.fireChannelInactive();
	}

}
