package io.tcpecho.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
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

	private final List<Socket> sockets = new ArrayList<>();

	/** Opens {@code count} connections to the server of {@code p}, from its source addresses. */
	static IdleConnections open(BenchProperties p, PrintStream out) throws IOException {
		IdleConnections idle = new IdleConnections();
		SourceAddresses sources = SourceAddresses.parse(p.sourceAddresses());
		long batchStart = System.nanoTime();
		try {
			for (int i = 0; i < p.idleConnections(); i++) {
				Socket socket = new Socket();
				idle.sockets.add(socket);
				InetAddress source = sources.of(i);
				if (source != null) {
					socket.bind(new InetSocketAddress(source, 0));
				}
				socket.connect(new InetSocketAddress(p.host(), p.port()), CONNECT_TIMEOUT_MILLIS);
				socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
				answeredOnce(socket, p.greeting());
				if ((i + 1) % BATCH == 0 || i + 1 == p.idleConnections()) {
					long now = System.nanoTime();
					int inBatch = (i % BATCH) + 1;
					out.printf(Locale.ROOT, "idle connections %,d-%,d: %,.0f accepted/s%n", i + 2 - inBatch, i + 1,
							inBatch / ((now - batchStart) / 1e9));
					batchStart = now;
				}
			}
			return idle;
		}
		catch (IOException | RuntimeException ex) {
			idle.close();
			throw ex;
		}
	}

	/** Reads the greeting, or sends one line and reads its echo: the server has accepted it then. */
	private static void answeredOnce(Socket socket, boolean greeting) throws IOException {
		if (!greeting) {
			socket.getOutputStream().write("idle\r\n".getBytes(StandardCharsets.US_ASCII));
		}
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
