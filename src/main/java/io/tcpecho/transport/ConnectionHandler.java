package io.tcpecho.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import javax.net.ssl.SSLHandshakeException;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * The last handler of a connection's pipeline: counts each read, hands its frames to the gateway,
 * flushes the echoes once per read, and records why the connection ends.
 */
final class ConnectionHandler extends ChannelDuplexHandler {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionHandler.class);

	private final NettyTcpConnection tcp;

	private final Connection connection;

	private final Map<String, Object> headers;

	private final ConnectionListener listener;

	private final @Nullable Function<Connection, byte[]> greeting;

	/** Whether the connection was opened: a PROXY protocol header can end it before. */
	private boolean active;

	private long activeNanos;

	ConnectionHandler(NettyTcpConnection tcp, ConnectionListener listener,
			@Nullable Function<Connection, byte[]> greeting) {
		this.tcp = tcp;
		this.connection = tcp.connection();
		this.headers = Map.of(IpHeaders.CONNECTION_ID, this.connection.id());
		this.listener = listener;
		this.greeting = greeting;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.active = true;
		this.activeNanos = System.nanoTime();
		this.listener.opened(this.connection);
		this.tcp.opened();
		if (this.greeting != null) {
			this.tcp.greet(this.greeting.apply(this.connection));
		}
		ctx.fireChannelActive();
	}

	/** The gateway (or the interceptors in front of it) answers on this thread, through {@link NettyTcpConnection#send}. */
	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		Frames frames = (Frames) msg;
		this.connection.traffic().received(frames);
		try {
			this.tcp.getListener().onMessage(new GenericMessage<>(frames, this.headers));
		}
		catch (RuntimeException ex) {
			// as a blocking connection does: the connection goes on with the next message
			this.connection.traffic().dropped(frames.count());
			logger.error("Exception sending message from {}", this.connection.peer(), ex);
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.flush();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		boolean writable = ctx.channel().isWritable();
		if (!this.connection.isClosing() && !this.connection.isHeld()) {
			// a peer that does not read its replies is not read either, until it catches up
			ctx.channel().config().setAutoRead(writable);
		}
		this.connection.closing().writable(writable);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownEvent) {
			inputEnded(ctx);
		}
		else if (event instanceof IdleStateEvent) {
			if (ctx.channel().isWritable()) {
				this.connection.closeGracefully(CloseReason.IDLE_TIMEOUT);
			}
			else {
				// its echoes cannot move: a graceful close would wait out the write timeout behind them
				this.connection.closing().reset(CloseReason.IDLE_TIMEOUT);
			}
		}
		else if (event instanceof SslHandshakeCompletionEvent handshake) {
			if (handshake.isSuccess()) {
				this.connection.tls(TlsSession.of(ctx.pipeline().get(SslHandler.class).engine().getSession()));
				this.listener.handshaken(this.connection, Duration.ofNanos(System.nanoTime() - this.activeNanos));
			}
			else {
				// the SslHandler closes the connection; plaintext on a TLS port ends here too
				this.connection.recordCloseReason(CloseReason.TLS_HANDSHAKE, handshake.cause());
			}
		}
		ctx.fireUserEventTriggered(event);
	}

	/** The peer's FIN: what it sent before is answered, then the connection closes. */
	private void inputEnded(ChannelHandlerContext ctx) {
		this.connection.captureTcpInfo();
		if (this.connection.isHeld()) {
			// a blackhole stays silent even when the client is done: no FIN, as from a crashed host
			return;
		}
		if (this.connection.isClosing()) {
			this.connection.closing().inputEnded();
			return;
		}
		SslHandler tls = ctx.pipeline().get(SslHandler.class);
		if (tls != null && !tls.handshakeFuture().isDone() && this.connection.hasBytesArrived()) {
			// bytes, then the end of input, and still no session: a handshake that failed (a connect
			// and close, such as a TCP health check, sent no byte and is only a close)
			this.connection.recordCloseReason(CloseReason.TLS_HANDSHAKE,
					new SSLHandshakeException("The client ended its input during the TLS handshake"));
		}
		this.connection.closeGracefully(CloseReason.CLIENT_CLOSED);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// Netty wraps what a decoder throws unless it is a decoder exception already
		Throwable failure = (cause instanceof DecoderException && cause.getCause() != null) ? cause.getCause() : cause;
		if (failure instanceof IOException) {
			// a reset: the socket closes after this, and TCP_INFO with it
			this.connection.captureTcpInfo();
			this.tcp.failed(failure);
		}
		else {
			this.tcp.refused((failure instanceof TooLongFrameException) ? CloseReason.LINE_TOO_LONG : CloseReason.ERROR,
					failure);
		}
	}

	/** Every close asked through the pipeline passes here first: the last look at TCP_INFO before the socket goes. */
	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		this.connection.captureTcpInfo();
		ctx.close(promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.active) {
			this.tcp.closed();
		}
		this.listener.closed(this.connection);
		ctx.fireChannelInactive();
	}

}
