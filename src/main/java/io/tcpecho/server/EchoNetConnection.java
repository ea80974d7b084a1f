package io.tcpecho.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.tcpecho.server.Framing.WholeMessageDeserializer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.connection.AbstractTcpConnectionSupport;
import org.springframework.integration.ip.tcp.connection.TcpNetConnection;
import org.springframework.integration.ip.tcp.connection.TcpNetConnectionSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * A blocking connection that takes three per-line costs out of Spring Integration's:
 * <ul>
 * <li>it reads through a buffer, where the plain socket stream costs a system call per byte;</li>
 * <li>it waits for the first byte of a line before the deserializer takes its line buffer, so
 * an idle connection holds no buffer of {@code max-line-length} bytes;</li>
 * <li>it hands every whole line a read brought in to the gateway as one {@link LineBatch}, so a
 * pipelining client costs one message per read instead of one per line;</li>
 * <li>it flushes a reply only when no complete request is already buffered behind it, so
 * pipelined lines are answered in one write, as their requests arrived in one read.</li>
 * </ul>
 * Order is unchanged: lines are still read and answered one after another on one thread. Spring
 * Integration's serializer writes every line and reads every line not yet whole in the buffer
 * or over the limit; a whole line within it is copied out at once ({@link Framing#readWholeLine}).
 */
class EchoNetConnection extends TcpNetConnection {

	private static final int BUFFER_BYTES = 8 * 1024;

	private final Socket socket;

	private final Framing framing;

	private final ReentrantLock sendLock = new ReentrantLock();

	private @Nullable LineBufferedInputStream input;

	private @Nullable OutputStream output;

	/** A failure to read a line after others of the same batch, raised once those are answered. */
	private @Nullable RuntimeException deferredReadFailure;

	EchoNetConnection(Socket socket, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, Framing framing) {
		super(socket, true, lookupHost, publisher, factoryName);
		this.socket = socket;
		this.framing = framing;
	}

	@Override
	protected InputStream inputStream() throws IOException {
		LineBufferedInputStream in = this.input;
		if (in == null) {
			in = new LineBufferedInputStream(super.inputStream(), this.framing);
			this.input = in;
		}
		return in;
	}

	/**
	 * Reads the next line, and with it every further line already whole in the buffer: a
	 * {@code byte[]} for one line, a {@link LineBatch} for more. A line that fails to read
	 * after others (too long, say) fails the next call, once the lines before it are answered.
	 */
	@Override
	public Object getPayload() {
		RuntimeException deferred = this.deferredReadFailure;
		if (deferred != null) {
			this.deferredReadFailure = null;
			throw deferred;
		}
		LineBufferedInputStream in;
		try {
			in = (LineBufferedInputStream) inputStream();
			in.awaitData();
		}
		catch (IOException ex) {
			// the shape Spring Integration gives read failures, so a reset reads as one
			throw new UncheckedIOException(ex);
		}
		Object first = readLine(in, in.wholeMessageLength());
		int next = in.wholeMessageLength();
		if (!(first instanceof byte[] line) || next < 0) {
			return first;
		}
		List<byte[]> lines = new ArrayList<>();
		lines.add(line);
		do {
			try {
				lines.add((byte[]) readLine(in, next));
			}
			catch (RuntimeException ex) {
				this.deferredReadFailure = ex;
				break;
			}
			next = in.wholeMessageLength();
		}
		while (next >= 0);
		return new LineBatch(lines);
	}

	/** Reads one line, {@code length} bytes long if known to be whole in the buffer, else -1. */
	private Object readLine(InputStream in, int length) {
		if (length < 0 || !(getDeserializer() instanceof WholeMessageDeserializer whole)) {
			return super.getPayload();
		}
		try {
			return whole.deserializeWhole(in, length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Sends what is still buffered before the connection closes. */
	@Override
	public void close() {
		this.sendLock.lock();
		try {
			OutputStream out = this.output;
			if (out != null && !this.socket.isClosed()) {
				out.flush();
			}
		}
		catch (IOException ex) {
			// the peer is gone; nothing to deliver
		}
		finally {
			this.sendLock.unlock();
		}
		super.close();
	}

	@Override
	@SuppressWarnings("unchecked")
	public void send(Message<?> message) {
		this.sendLock.lock();
		try {
			OutputStream out = this.output;
			if (out == null) {
				out = new BufferedOutputStream(this.socket.getOutputStream(), BUFFER_BYTES);
				this.output = out;
			}
			Serializer<Object> serializer = (Serializer<Object>) getSerializer();
			if (message.getPayload() instanceof LineBatch batch) {
				for (byte[] line : batch.lines()) {
					serializer.serialize(line, out);
				}
			}
			else {
				serializer.serialize(getMapper().fromMessage(message), out);
			}
			LineBufferedInputStream in = this.input;
			if (in == null || in.wholeMessageLength() < 0) {
				out.flush();
			}
		}
		catch (Exception ex) {
			MessagingException failure = new MessagingException(message, "Send Failed", ex);
			publishConnectionExceptionEvent(failure);
			closeConnection(true);
			throw failure;
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/** A buffered stream that can tell whether a whole line is already buffered. */
	static final class LineBufferedInputStream extends BufferedInputStream {

		private final Framing framing;

		LineBufferedInputStream(InputStream in, Framing framing) {
			super(in, BUFFER_BYTES);
			this.framing = framing;
		}

		/**
		 * Reads a buffered byte without taking the stream's lock. Spring Integration's line
		 * deserializers read a byte at a time, and {@link BufferedInputStream#read()} locks for
		 * each; only this connection's reader thread reads, so the lock guards nothing here.
		 */
		@Override
		public int read() throws IOException {
			byte[] buffer = this.buf;
			int position = this.pos;
			if (buffer != null && position < this.count) {
				this.pos = position + 1;
				return buffer[position] & 0xff;
			}
			return super.read();
		}

		/**
		 * Answers from the buffer when it holds data. The CRLF deserializer asks before every
		 * line, and {@link BufferedInputStream#available()} also asks the socket, a system call.
		 */
		@Override
		public synchronized int available() throws IOException {
			int buffered = this.count - this.pos;
			return (buffered > 0) ? buffered : super.available();
		}

		/** Blocks until a byte, or the end of input, can be read without blocking. */
		synchronized void awaitData() throws IOException {
			if (this.pos < this.count) {
				return;
			}
			mark(1);
			if (read() != -1) {
				reset();
			}
		}

		/**
		 * The length of the whole line at the head of the buffer; -1 if none is whole yet. Like
		 * {@link #read()}, only the reader thread asks, once or twice per line, so it takes no lock.
		 */
		int wholeMessageLength() {
			byte[] buffer = this.buf;
			return (buffer != null) ? this.framing.wholeMessageLength(buffer, this.pos, this.count) : -1;
		}

	}

	/** Creates these connections for the server connection factory. */
	static final class Support extends AbstractTcpConnectionSupport implements TcpNetConnectionSupport {

		private final Framing framing;

		Support(Framing framing) {
			this.framing = framing;
		}

		@Override
		public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
				@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
			return new EchoNetConnection(socket, lookupHost, publisher, factoryName, this.framing);
		}

	}

}
