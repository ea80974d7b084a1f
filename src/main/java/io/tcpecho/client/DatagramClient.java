package io.tcpecho.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * The UDP client of UNP chapter 8 ({@code dg_cli}) made robust: each input line, line end and all,
 * is one datagram on a <em>connected</em> socket, so that the kernel takes echoes from the server's
 * address only and reports an ICMP port unreachable (8.9, 8.11); a lost datagram is sent again
 * after the reply timeout, up to {@code retries} times. Hand-written because Spring Integration's
 * UDP adapters send from an unconnected socket, which gets neither.
 */
final class DatagramClient implements LineClient {

	private final EchoClientProperties properties;

	DatagramClient(EchoClientProperties properties) {
		this.properties = properties;
	}

	@Override
	public int run(InputStream in, OutputStream out, PrintStream err) {
		boolean batch = this.properties.mode() == EchoClientProperties.Mode.BATCH;
		int size = batch ? this.properties.window() : 1;
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.connect(new InetSocketAddress(InetAddress.getByName(this.properties.host()), this.properties.port()));
			DatagramWindow window = new DatagramWindow(socket, this.properties, !batch);
			boolean ended = false;
			while (true) {
				while (!ended && window.size() < size) {
					byte[] line = readLine(in);
					ended = line == null;
					if (line != null) {
						window.send(line);
					}
				}
				if (window.isEmpty() || (!batch && window.unanswered() > 0)) {
					break;
				}
				byte[] echo = window.next();
				if (echo != null) {
					out.write(echo);
					out.flush();
				}
			}
			if (window.unanswered() > 0) {
				throw new NoEchoException(batch ? "%d of %d datagram(s) never echoed".formatted(window.unanswered(), window.sent())
						: "a datagram sent %d time(s), %d ms apart, was never echoed"
							.formatted(this.properties.retries() + 1, this.properties.replyTimeout().toMillis()));
			}
			return 0;
		}
		catch (IOException | NoEchoException ex) {
			return LineClient.fail(err, this.properties, ex);
		}
	}

	/** One line with its line end as read, as {@code nc -u} sends it; null at the end of input. */
	private static byte @Nullable [] readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1) {
			line.write(b);
			if (b == '\n') {
				break;
			}
		}
		return (line.size() == 0) ? null : line.toByteArray();
	}

	/** Every datagram was sent {@code retries + 1} times, and some never came back. */
	static final class NoEchoException extends RuntimeException {

		NoEchoException(String message) {
			super(message);
		}

	}

}
