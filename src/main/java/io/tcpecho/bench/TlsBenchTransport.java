package io.tcpecho.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;

/**
 * TLS for a benchmark connection through the JDK's {@link SSLEngine}: the load tool drives its
 * sockets from a selector, where {@code SSLSocket} cannot go. The handshake runs while the socket
 * still blocks; afterwards one thread may write while another reads, as the engine allows.
 */
final class TlsBenchTransport implements BenchTransport {

	private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

	private final SocketChannel channel;

	private final SSLEngine engine;

	/** Records wrapped and not yet written, in write mode. */
	private final ByteBuffer netOut;

	/** Records read and not yet unwrapped, in write mode. */
	private final ByteBuffer netIn;

	/** @param channel connected and still blocking */
	TlsBenchTransport(SocketChannel channel, SSLContext context, String host, int port) throws IOException {
		this.channel = channel;
		this.engine = context.createSSLEngine(host, port);
		this.engine.setUseClientMode(true);
		SSLParameters parameters = this.engine.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		this.engine.setSSLParameters(parameters);
		int packet = this.engine.getSession().getPacketBufferSize();
		this.netOut = ByteBuffer.allocate(4 * packet);
		this.netIn = ByteBuffer.allocate(4 * packet);
		handshake();
	}

	private void handshake() throws IOException {
		ByteBuffer application = ByteBuffer.allocate(this.engine.getSession().getApplicationBufferSize());
		this.engine.beginHandshake();
		HandshakeStatus status = this.engine.getHandshakeStatus();
		while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
			switch (status) {
				case NEED_WRAP -> {
					status = this.engine.wrap(NOTHING, this.netOut).getHandshakeStatus();
					writeAll();
				}
				case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
					this.netIn.flip();
					SSLEngineResult result = this.engine.unwrap(this.netIn, application);
					this.netIn.compact();
					if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && this.channel.read(this.netIn) < 0) {
						throw new EOFException("The server closed the connection during the TLS handshake");
					}
					status = result.getHandshakeStatus();
				}
				case NEED_TASK -> {
					runTasks();
					status = this.engine.getHandshakeStatus();
				}
				default -> throw new IllegalStateException("TLS handshake status " + status);
			}
		}
	}

	private void writeAll() throws IOException {
		this.netOut.flip();
		while (this.netOut.hasRemaining()) {
			this.channel.write(this.netOut);
		}
		this.netOut.clear();
	}

	@Override
	public int write(ByteBuffer src) throws IOException {
		if (!flush()) {
			return 0;
		}
		int taken = 0;
		while (src.hasRemaining()) {
			SSLEngineResult result = this.engine.wrap(src, this.netOut);
			taken += result.bytesConsumed();
			boolean room = result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && flush();
			if (!room && (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0)) {
				break;
			}
		}
		flush();
		return taken;
	}

	/** Writes the wrapped records the socket takes; whether none is left. */
	private boolean flush() throws IOException {
		this.netOut.flip();
		this.channel.write(this.netOut);
		boolean empty = !this.netOut.hasRemaining();
		this.netOut.compact();
		return empty;
	}

	@Override
	public int read(ByteBuffer dst) throws IOException {
		boolean ended = this.netIn.hasRemaining() && this.channel.read(this.netIn) < 0;
		this.netIn.flip();
		int produced = 0;
		while (this.netIn.hasRemaining()) {
			SSLEngineResult result = this.engine.unwrap(this.netIn, dst);
			produced += result.bytesProduced();
			if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
				runTasks();
			}
			if (result.getStatus() != SSLEngineResult.Status.OK
					|| (result.bytesConsumed() == 0 && result.bytesProduced() == 0)) {
				break;
			}
		}
		this.netIn.compact();
		return (ended && produced == 0) ? -1 : produced;
	}

	@Override
	public boolean hasPendingOutput() {
		return this.netOut.position() > 0;
	}

	@Override
	public boolean hasBufferedInput() {
		return this.netIn.position() > 0;
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.engine.getDelegatedTask()) != null) {
			task.run();
		}
	}

}
