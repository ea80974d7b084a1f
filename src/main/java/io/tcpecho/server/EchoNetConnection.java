package io.tcpecho.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.concurrent.locks.ReentrantLock;

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
 * <li>it flushes a reply only when no complete request is already buffered behind it, so
 * pipelined lines are answered in one write, as their requests arrived in one read.</li>
 * </ul>
 * Order is unchanged: lines are still read and answered one after another on one thread.
 */
class EchoNetConnection extends TcpNetConnection {

	private static final int BUFFER_BYTES = 8 * 1024;

	private final Socket socket;

	private final int terminator;

	private final ReentrantLock sendLock = new ReentrantLock();

	private @Nullable LineBufferedInputStream input;

	private @Nullable OutputStream output;

	EchoNetConnection(Socket socket, boolean lookupHost, @Nullable ApplicationEventPublisher publisher,
			@Nullable String factoryName, int terminator) {
		super(socket, true, lookupHost, publisher, factoryName);
		this.socket = socket;
		this.terminator = terminator;
	}

	@Override
	protected InputStream inputStream() throws IOException {
		LineBufferedInputStream in = this.input;
		if (in == null) {
			in = new LineBufferedInputStream(super.inputStream(), this.terminator);
			this.input = in;
		}
		return in;
	}

	@Override
	public Object getPayload() {
		try {
			((LineBufferedInputStream) inputStream()).awaitData();
		}
		catch (IOException ex) {
			// the shape Spring Integration gives read failures, so timeouts and resets read as such
			throw new UncheckedIOException(ex);
		}
		return super.getPayload();
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
			((Serializer<Object>) getSerializer()).serialize(getMapper().fromMessage(message), out);
			LineBufferedInputStream in = this.input;
			if (in == null || !in.hasCompleteLine()) {
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

		private final int terminator;

		LineBufferedInputStream(InputStream in, int terminator) {
			super(in, BUFFER_BYTES);
			this.terminator = terminator;
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

		/** Whether the buffer holds a terminator, that is, a complete line to answer next. */
		synchronized boolean hasCompleteLine() {
			if (this.terminator < 0) {
				return false;
			}
			for (int i = this.pos; i < this.count; i++) {
				if (this.buf[i] == this.terminator) {
					return true;
				}
			}
			return false;
		}

	}

	/** Creates these connections for the server connection factory. */
	static final class Support extends AbstractTcpConnectionSupport implements TcpNetConnectionSupport {

		private final int terminator;

		Support(Framing framing) {
			this.terminator = framing.terminator();
		}

		@Override
		public TcpNetConnection createNewConnection(Socket socket, boolean server, boolean lookupHost,
				@Nullable ApplicationEventPublisher publisher, @Nullable String factoryName) {
			return new EchoNetConnection(socket, lookupHost, publisher, factoryName, this.terminator);
		}

	}

}
