package io.tcpecho.transport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import javax.net.ssl.SSLSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.SocketInfo;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A Netty channel as a Spring Integration connection: what the gateway answers through, each
 * reply written with Spring Integration's serializer.
 */
final class NettyTcpConnection extends TcpConnectionSupport {

	private final Connection connection;

	private final Channel channel;

	private final String factoryName;

	private final Framing framing;

	/** A failed write ends the connection: the peer reset it, or the socket broke. */
	private final ChannelFutureListener writeFailure = (future) -> {
		if (!future.isSuccess() && !(future.cause() instanceof ClosedChannelException)) {
			failed(future.cause());
		}
	};

	NettyTcpConnection(Connection connection, Channel channel, @Nullable ApplicationEventPublisher publisher,
			String factoryName, Framing framing) {
		super(publisher);
		this.connection = connection;
		this.channel = channel;
		this.factoryName = factoryName;
		this.framing = framing;
	}

	Connection connection() {
		return this.connection;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		Frames reply = (message.getPayload() instanceof Frames frames) ? frames
				: Frames.of((byte[]) getMapper().fromMessage(message), this.framing);
		ByteBuf out = this.channel.alloc().buffer((int) reply.wireBytes());
		try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
			Serializer<Object> serializer = (Serializer<Object>) getSerializer();
			int framed = reply.count() - (reply.unterminated() ? 1 : 0);
			for (int i = 0; i < framed; i++) {
				serializer.serialize(reply.payloads().get(i), stream);
			}
			if (reply.unterminated()) {
				stream.write(reply.payloads().get(framed));
			}
		}
		catch (IOException | RuntimeException ex) {
			out.release();
			MessagingException failure = new MessagingException(message, "Send Failed", ex);
			failed(failure);
			throw failure;
		}
		if (this.channel.eventLoop().inEventLoop()) {
			// flushed once the read that brought the request in is handled
			this.channel.write(out).addListener(this.writeFailure);
			if (!this.channel.isWritable()) {
				// the peer does not read its replies: stop reading its requests until it does
				this.channel.config().setAutoRead(false);
			}
		}
		else {
			this.channel.writeAndFlush(out).addListener(this.writeFailure);
		}
		this.connection.traffic().sent(reply);
	}

	/** The socket failed (an I/O error is a reset, or a break under it): records it, says so, closes at once. */
	void failed(Throwable cause) {
		this.connection.recordCloseReason((cause instanceof IOException) ? CloseReason.RESET : CloseReason.ERROR,
				cause);
		publishConnectionExceptionEvent(cause);
		this.channel.close();
	}

	/** The input cannot be read on: records why, says so, and closes once the earlier replies are written. */
	void refused(CloseReason reason, Throwable cause) {
		this.connection.recordCloseReason(reason, cause);
		publishConnectionExceptionEvent(cause);
		this.connection.closing().finish();
	}

	void opened() {
		publishConnectionOpenEvent();
	}

	/** Writes the greeting, framed as a reply; TLS holds it until the handshake is done. */
	@SuppressWarnings("unchecked")
	void greet(byte[] greeting) {
		ByteBuf out = this.channel.alloc().buffer(greeting.length + 8);
		try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
			((Serializer<Object>) getSerializer()).serialize(greeting, stream);
		}
		catch (IOException ex) {
			out.release();
			failed(ex);
			return;
		}
		this.channel.writeAndFlush(out).addListener(this.writeFailure);
	}

	/** The channel is closed: ends the connection for Spring Integration, once. */
	void closed() {
		this.connection.recordCloseReason(CloseReason.CLIENT_CLOSED, null);
		closeConnection(false);
	}

	/** Closed by the server side, such as by the stop of the factory. */
	@Override
	public void close() {
		this.connection.recordCloseReason(CloseReason.SHUTDOWN);
		this.channel.close();
		super.close();
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	@Override
	public void shutdownInput() {
		this.connection.closeGracefully(CloseReason.SHUTDOWN);
	}

	@Override
	public String getConnectionId() {
		return this.connection.id();
	}

	@Override
	public String getHostAddress() {
		return this.connection.peerAddress();
	}

	@Override
	public String getHostName() {
		return this.connection.peerAddress();
	}

	@Override
	public int getPort() {
		return this.connection.peerPort();
	}

	@Override
	public boolean isServer() {
		return true;
	}

	@Override
	public String getConnectionFactoryName() {
		return this.factoryName;
	}

	// Spring Integration's socket view wraps a java.net.Socket, and its payload and run() are a blocking
	// connection's reading loop: a Netty channel has none of them, its event loop pushes every message

	@Override
	public @Nullable SocketInfo getSocketInfo() {
		return null;
	}

	@Override
	public @Nullable Object getPayload() {
		return null;
	}

	@Override
	public @Nullable Object getDeserializerStateKey() {
		return null;
	}

	@Override
	public void run() {
		throw new UnsupportedOperationException("A Netty connection is read by its event loop");
	}

	/** The TLS session once the handshake is done; null on plaintext. */
	@Override
	public @Nullable SSLSession getSslSession() {
		SslHandler tls = this.channel.pipeline().get(SslHandler.class);
		return (tls != null && tls.handshakeFuture().isSuccess()) ? tls.engine().getSession() : null;
	}

}
