package io.tcpecho.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The client's loop: each line of input goes to the server, each echo to the output; a failure
 * is one line on the error stream and the README's exit code.
 */
public interface LineClient {

	/**
	 * Echoes every line of {@code in} to {@code out} and returns 0 at the end of input, or
	 * writes one line to {@code err} and returns a non-zero exit code when the server fails.
	 */
	int run(InputStream in, OutputStream out, PrintStream err);

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

	/** Writes the one-line report of {@code failure} and returns its exit code. */
	static int fail(PrintStream err, EchoClientProperties properties, Throwable failure) {
		ClientFailure kind = ClientFailure.of(failure);
		err.println("tcp-echo: " + kind.describe(properties, failure));
		return kind.exitCode();
	}

}
