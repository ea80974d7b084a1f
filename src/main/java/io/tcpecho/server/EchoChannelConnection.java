package io.tcpecho.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSession;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpListener;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * One accepted connection, served on a Netty event loop: a Spring Integration connection like
 * the blocking one, whose lines reach the gateway and whose replies leave through it, but read
 * when the socket is ready instead of by a thread of its own that sleeps in between.
 * <p>
 * Every whole line a read brought in is handed to the gateway on the event loop, as one
 * message ({@link LineBatch} for more than one line), and answered there before the next read
 * is looked at; replies are written as they come and flushed once per read, as Netty's own
 * echo does. So replies keep the order of the requests, as with a thread per connection.
 * A message over the limit, an invalid header and the end of input go to Spring
 * Integration's deserializer, which words the error and publishes its event, as it does on
 * a blocking connection.
 */
final class EchoChannelConnection extends TcpConnectionSupport {

	private final EchoSocketChannel channel;

	private final Framing framing;

	private final Reader reader = new Reader();

	/** A failed write closes the connection; says why, unless the connection was already closed. */
	private final ChannelFutureListener writeFailure = (future) -> {
		if (!future.isSuccess() && !(future.cause() instanceof ClosedChannelException)) {
			publishConnectionExceptionEvent(future.cause());
		}
	};

	/** The lines being handed to the gateway, for the mapper, which asks {@link #getPayload()}. */
	private @Nullable Object payload;

	EchoChannelConnection(EchoSocketChannel channel, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, Framing framing) {
		super(channel.socket(), true, lookupHost, publisher, factoryName);
		this.channel = channel;
		this.framing = framing;
	}

	/** The handler to add to the channel's pipeline. */
	ByteToMessageDecoder reader() {
		return this.reader;
	}

	@Override
	public Object getPayload() {
		Object lines = this.payload;
		if (lines == null) {
			throw new IllegalStateException("Lines are read by the event loop, not on request");
		}
		return lines;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		Object reply = (message.getPayload() instanceof LineBatch) ? message.getPayload()
				: getMapper().fromMessage(message);
		ByteBuf out = this.channel.alloc().buffer((int) this.framing.wireBytes(reply));
		try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
			Serializer<Object> serializer = (Serializer<Object>) getSerializer();
			if (reply instanceof LineBatch batch) {
				for (byte[] line : batch.lines()) {
					serializer.serialize(line, stream);
				}
			}
			else {
				serializer.serialize(reply, stream);
			}
		}
		catch (IOException | RuntimeException ex) {
			out.release();
			MessagingException failure = new MessagingException(message, "Send Failed", ex);
			publishConnectionExceptionEvent(failure);
			closeConnection(true);
			throw failure;
		}
		if (this.channel.eventLoop().inEventLoop()) {
			// flushed once the read that brought the request in is handled
			this.channel.write(out).addListener(this.writeFailure);
			if (!this.channel.isWritable()) {
				// the peer does not read its echoes: stop reading its requests until it does
				this.channel.config().setAutoRead(false);
			}
		}
		else {
			this.channel.writeAndFlush(out).addListener(this.writeFailure);
		}
	}

	/**
	 * Stops reading: the lines already read are answered (they were, on the event loop), then
	 * the connection closes with a FIN once every reply is written.
	 */
	@Override
	public void shutdownInput() {
		this.channel.eventLoop().execute(this.reader::finish);
	}

	@Override
	public void close() {
		this.channel.close();
		super.close();
	}

	@Override
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	@Override
	public int getPort() {
		return this.channel.socket().getPort();
	}

	@Override
	public @Nullable Object getDeserializerStateKey() {
		return null;
	}

	@Override
	public @Nullable SSLSession getSslSession() {
		return null;
	}

	/** Nothing to run: the event loop reads. */
	@Override
	public void run() {
	}

	/**
	 * Finds the whole messages in what the socket delivered and hands them to the gateway;
	 * Netty's decoder keeps the bytes of a message not yet whole until the next read.
	 */
	private final class Reader extends ByteToMessageDecoder {

		/** Bytes after the reader index already searched for a delimiter in vain. */
		private int searched;

		/** Set once nothing more is to be read: refused, ended, or shut down. */
		private boolean finished;

		private int maxMessageSize;

		@Override
		public void channelActive(ChannelHandlerContext ctx) throws Exception {
			this.maxMessageSize = ((AbstractByteArraySerializer) getDeserializer()).getMaxMessageSize();
			publishConnectionOpenEvent();
			super.channelActive(ctx);
		}

		@Override
		protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
			if (this.finished) {
				in.skipBytes(in.readableBytes());
				return;
			}
			Object lines = null;
			boolean refused = false;
			while (in.isReadable()) {
				int end = EchoChannelConnection.this.framing.messageEnd(in, this.searched, this.maxMessageSize);
				if (end == Framing.INCOMPLETE) {
					this.searched = in.readableBytes();
					break;
				}
				if (end == Framing.REFUSED) {
					refused = true;
					break;
				}
				lines = add(lines, EchoChannelConnection.this.framing.readPayload(in, end));
				this.searched = 0;
			}
			if (lines != null) {
				dispatch(lines);
			}
			if (refused) {
				endWith(in);
			}
		}

		@SuppressWarnings("unchecked")
		private static Object add(@Nullable Object lines, byte[] line) {
			if (lines == null) {
				return line;
			}
			if (lines instanceof byte[] first) {
				List<byte[]> all = new ArrayList<>();
				all.add(first);
				all.add(line);
				return all;
			}
			((List<byte[]>) lines).add(line);
			return lines;
		}

		/** Hands the lines to the gateway, which answers them on this thread. */
		@SuppressWarnings("unchecked")
		private void dispatch(Object lines) {
			EchoChannelConnection.this.payload = (lines instanceof List<?>) ? new LineBatch((List<byte[]>) lines) : lines;
			Message<?> message;
			try {
				message = getMapper().toMessage(EchoChannelConnection.this);
			}
			finally {
				EchoChannelConnection.this.payload = null;
			}
			TcpListener listener = getListener();
			if (message == null || listener == null) {
				return;
			}
			try {
				listener.onMessage(message);
			}
			catch (RuntimeException ex) {
				// as a blocking connection does: the connection goes on with the next line
				logger.error("Exception sending message: " + message, ex);
			}
		}

		/**
		 * Ends the connection on what is left, a refused message or the end of input: Spring
		 * Integration's deserializer reads it, words the error (it throws for each case it is
		 * given here) and publishes its event; the connection closes once the earlier replies
		 * are written.
		 */
		@SuppressWarnings("unchecked")
		private void endWith(ByteBuf in) {
			try (ByteBufInputStream rest = new ByteBufInputStream(in)) {
				Object message = ((Deserializer<Object>) getDeserializer()).deserialize(rest);
				dispatch(message);
			}
			catch (IOException | RuntimeException ex) {
				publishConnectionExceptionEvent(ex);
			}
			in.skipBytes(in.readableBytes());
			finish();
		}

		/** Reads no more; closes with a FIN once every reply is written. */
		void finish() {
			if (this.finished) {
				return;
			}
			this.finished = true;
			EchoChannelConnection.this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		}

		/**
		 * Flushes the replies to what was read. Not the decoder's own: it asks for another read
		 * whenever a read passed no message down the pipeline, which is always here (lines go to
		 * the gateway), and so would go on reading from a peer that does not read its echoes.
		 */
		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			discardSomeReadBytes();
			ctx.flush();
			ctx.fireChannelReadComplete();
		}

		/**
		 * The input ended (the peer sent a FIN, or the connection closed): the whole lines
		 * before it are answered; what is left is Spring Integration's to word ("stream closed
		 * between payloads", or during one), then the connection closes once replies are out.
		 */
		@Override
		protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
			decode(ctx, in, out);
			if (!this.finished) {
				endWith(in);
			}
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
			ctx.channel().config().setAutoRead(ctx.channel().isWritable());
			super.channelWritabilityChanged(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			publishConnectionExceptionEvent(cause);
			ctx.close();
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			this.finished = true;
			super.channelInactive(ctx);
			closeConnection(true);
		}

	}

}
