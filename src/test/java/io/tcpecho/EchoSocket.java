package io.tcpecho;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain blocking socket to the server under test that writes raw bytes and reads framed replies.
 */
public final class EchoSocket implements AutoCloseable {

	public static final byte[] CRLF = { '\r', '\n' };

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	public EchoSocket(int port) {
		this(port, Duration.ofSeconds(10));
	}

	public EchoSocket(int port, Duration readTimeout) {
		try {
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			this.socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Over a socket already connected, such as an {@link javax.net.ssl.SSLSocket}. */
	public EchoSocket(Socket connected) {
		try {
			this.socket = connected;
			this.socket.setSoTimeout(10_000);
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Socket socket() {
		return this.socket;
	}

	public EchoSocket write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
		return this;
	}

	public EchoSocket write(String text) throws IOException {
		return write(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Sends the payload followed by CRLF. */
	public EchoSocket writeLine(byte[] payload) throws IOException {
		return write(concat(payload, CRLF));
	}

	/** Reads up to and including the next CRLF and returns what came before it. */
	public byte[] readLine() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int b = this.in.read();
			if (b == -1) {
				throw new EOFException("EOF after " + line.size() + " bytes of a line");
			}
			if (previous == '\r' && b == '\n') {
				byte[] bytes = line.toByteArray();
				return java.util.Arrays.copyOf(bytes, bytes.length - 1);
			}
			line.write(b);
			previous = b;
		}
	}

	public String readLineUtf8() throws IOException {
		return new String(readLine(), StandardCharsets.UTF_8);
	}

	/** Reads a 4-byte big-endian length and then that many bytes. */
	public byte[] readLengthPrefixed() throws IOException {
		DataInputStream data = new DataInputStream(this.in);
		byte[] payload = new byte[data.readInt()];
		data.readFully(payload);
		return payload;
	}

	/** Reads exactly {@code length} bytes, whatever they are. */
	public byte[] readExactly(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("EOF after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	/** Reads until the server closes; returns what arrived meanwhile. */
	public byte[] readToEnd() throws IOException {
		return this.in.readAllBytes();
	}

	/** True once the server has closed its side (EOF), false if it is still open and silent. */
	public boolean isClosedByPeer() throws IOException {
		return this.in.read() == -1;
	}

	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	public static byte[] lengthPrefixed(byte[] payload) {
		return concat(new byte[] { (byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
				(byte) (payload.length >>> 8), (byte) payload.length }, payload);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
