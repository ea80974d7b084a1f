package io.tcpecho.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Connections opened before a run and held silent through it, each first answered once (its
 * greeting, or the echo of one line), so that each counts only once the server has accepted it;
 * prints how fast every thousand of them was accepted.
 */
final class IdleConnections implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private static final int BATCH = 1000;

	private static final byte[] LINE = "idle\r\n".getBytes(StandardCharsets.US_ASCII);

	private final List<Socket> sockets = new ArrayList<>();

	/** Opens {@code count} connections to the server of {@code p}, from its source addresses. */
	static IdleConnections open(BenchProperties p, PrintStream out) throws IOException {
		IdleConnections idle = new IdleConnections();
		SourceAddresses sources = SourceAddresses.parse(p.sourceAddresses());
		try {
			// a thousand at a time: connect each, then ask each for its answer, then read each
			for (int first = 0; first < p.idleConnections(); first += BATCH) {
				int last = Math.min(first + BATCH, p.idleConnections());
				long batchStart = System.nanoTime();
				List<Socket> batch = new ArrayList<>();
				for (int i = first; i < last; i++) {
					Socket socket = new Socket();
					idle.sockets.add(socket);
					batch.add(socket);
					InetSocketAddress local = sources.local(i);
					if (local != null) {
						socket.bind(local);
					}
					socket.connect(new InetSocketAddress(p.host(), p.port()), CONNECT_TIMEOUT_MILLIS);
					socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
					if (!p.greeting()) {
						socket.getOutputStream().write(LINE);
					}
				}
				for (Socket socket : batch) {
					readAnswer(socket);
				}
				out.printf(Locale.ROOT, "idle connections %,d-%,d: %,.0f accepted/s%n", first + 1, last,
						(last - first) / ((System.nanoTime() - batchStart) / 1e9));
			}
			return idle;
		}
		catch (IOException | RuntimeException ex) {
			idle.close();
			throw ex;
		}
	}

	/** Reads the greeting, or the echo of the line sent: the server has accepted it then. */
	private static void readAnswer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("The server closed idle connection " + socket.getLocalSocketAddress());
			}
		}
	}

	@Override
	public void close() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
