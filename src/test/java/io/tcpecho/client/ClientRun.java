package io.tcpecho.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.tcpecho.TcpEchoApplication;

/**
 * One run of the bundled client in this JVM: its exit code and what it printed.
 *
 * @param exit the exit code
 * @param out the echoes
 * @param err the failure line, if any
 */
record ClientRun(int exit, String out, String err) {

	/** Runs the client against 127.0.0.1:{@code port} with {@code input} on its standard input. */
	static ClientRun against(int port, String input, String... options) {
		return client(args(port, options), input);
	}

	/** Runs the client with these arguments as they are. */
	static ClientRun client(String[] args, String input) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runClient(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(out, true), new PrintStream(err, true));
		return new ClientRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Runs the load tool with these arguments as they are. */
	static ClientRun bench(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runBench(args, new PrintStream(out, true), new PrintStream(err, true));
		return new ClientRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** {@code 127.0.0.1 PORT OPTIONS...} */
	static String[] args(int port, String... options) {
		String[] args = new String[options.length + 2];
		args[0] = "127.0.0.1";
		args[1] = String.valueOf(port);
		System.arraycopy(options, 0, args, 2, options.length);
		return args;
	}

}
