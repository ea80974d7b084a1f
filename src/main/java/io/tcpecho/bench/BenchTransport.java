package io.tcpecho.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The bytes of one benchmark connection on their way to and from the socket: as they are, or
 * through TLS.
 */
interface BenchTransport {

	/** Writes what it can of {@code src} and returns how many of its bytes it took. */
	int write(ByteBuffer src) throws IOException;

	/** Reads what has arrived into {@code dst}; returns the bytes read, or -1 at the end of input. */
	int read(ByteBuffer dst) throws IOException;

	/** Whether bytes it took are still waiting for room in the socket. */
	boolean hasPendingOutput();

	/** Whether bytes already read wait for room in the caller's buffer. */
	boolean hasBufferedInput();

	/** Plaintext: the socket itself. */
	static BenchTransport plain(SocketChannel channel) {
		return new BenchTransport() {
			@Override
			public int write(ByteBuffer src) throws IOException {
				return channel.write(src);
			}

			@Override
			public int read(ByteBuffer dst) throws IOException {
				return channel.read(dst);
			}

			@Override
			public boolean hasPendingOutput() {
				return false;
			}

			@Override
			public boolean hasBufferedInput() {
				return false;
			}
		};
	}

}
