package io.tcpecho.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;


/**
 * The classic {@code tcpcli} loop: each line of input goes to the server, each echo to the output.
 */
public class LineClient {

	private final EchoGateway gateway;

	private final ServerCloseWatcher watcher;

	private final EchoClientProperties properties;

	private final GreetingReader greeting;

	LineClient(EchoGateway gateway, ServerCloseWatcher watcher, EchoClientProperties properties,
			GreetingReader greeting) {
		this.gateway = gateway;
		this.watcher = watcher;
		this.properties = properties;
		this.greeting = greeting;
	}

	/**
	 * Echoes every line of {@code in} to {@code out} and returns 0 at the end of input, or
	 * writes one line to {@code err} and returns a non-zero exit code when the server fails.
	 */
	public int run(InputStream in, OutputStream out, PrintStream err) {
		try {
			if (this.properties.greeting()) {
				out.write(this.greeting.read());
				out.write('\n');
				out.flush();
			}
			byte[] line;
			while ((line = readLine(in)) != null) {
				Throwable closed = this.watcher.failure();
				if (closed != null) {
					return fail(err, closed);
				}
				out.write(this.gateway.echo(line));
				out.write('\n');
				out.flush();
			}
			return 0;
		}
		catch (RuntimeException ex) {
			// A close seen while the line was being sent explains a timeout better than the timeout,
			// and a refused reconnect (the gateway reconnects when it finds the connection closed).
			Throwable closed = this.watcher.failure();
			ClientFailure kind = ClientFailure.of(ex);
			boolean explainedByClose = kind == ClientFailure.TIMEOUT || kind == ClientFailure.REFUSED;
			return fail(err, (closed != null && explainedByClose) ? closed : ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private int fail(PrintStream err, Throwable failure) {
		ClientFailure kind = ClientFailure.of(failure);
		err.println("tcp-echo: " + kind.describe(this.properties, failure));
		return kind.exitCode();
	}

	/** One line without its LF or CRLF, as raw bytes; null at the end of input. */
	static byte @Nullable [] readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1 && b != '\n') {
			line.write(b);
		}
		if (b == -1 && line.size() == 0) {
			return null;
		}
		byte[] bytes = line.toByteArray();
		boolean crlf = bytes.length > 0 && bytes[bytes.length - 1] == '\r' && b == '\n';
		return crlf ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
	}

}
