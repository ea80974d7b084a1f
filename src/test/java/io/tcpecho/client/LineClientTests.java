package io.tcpecho.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bundled client against a real server that runs, stops, or never started, and against
 * raw sockets that reset or never answer.
 */
@ExtendWith(InProcessLogging.class)
class LineClientTests {


	@Test
	void echoesEveryLineOfInputAndExitsZeroAtTheEnd() {
		try (ConfigurableApplicationContext server = startServer()) {
			Run run = new Run(new ByteArrayInputStream("one\ntwo\r\n\nno newline at end".getBytes()));
			assertThat(run.client(port(server))).isZero();
			assertThat(run.out()).isEqualTo("one\ntwo\n\nno newline at end\n");
			assertThat(run.err()).isEmpty();
		}
	}

	@Test
	void reportsConnectionRefusedWhenNoServerListens() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}
		Run run = new Run(new ByteArrayInputStream("hello\n".getBytes()));
		assertThat(run.client(port)).isEqualTo(ClientFailure.REFUSED.exitCode());
		assertThat(run.err()).isEqualTo("tcp-echo: connection refused by 127.0.0.1:%d (is the server running?)\n"
			.formatted(port));
		assertThat(run.out()).isEmpty();
	}

	@Test
	void reportsServerTerminatedPrematurelyWhenTheServerStopsMidSession() throws Exception {
		ConfigurableApplicationContext server = startServer();
		PipedOutputStream keyboard = new PipedOutputStream();
		Run run = new Run(new PipedInputStream(keyboard));
		CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run.client(port(server)));
		keyboard.write("first\n".getBytes());
		keyboard.flush();
		await().until(() -> run.out().equals("first\n"));

		server.close();
		keyboard.write("second\n".getBytes());
		keyboard.flush();

		assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ClientFailure.SERVER_TERMINATED.exitCode());
		assertThat(run.err()).startsWith("tcp-echo: server terminated prematurely");
		assertThat(run.out()).isEqualTo("first\n");
		keyboard.close();
	}

	@Test
	void reportsResetWhenTheServerResetsTheConnection() throws Exception {
		try (ServerSocket listener = new ServerSocket(0)) {
			CompletableFuture.runAsync(() -> {
				try (Socket accepted = listener.accept()) {
					accepted.getInputStream().read();
					// linger 0 makes close send RST instead of FIN
					accepted.setSoLinger(true, 0);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			Run run = new Run(new ByteArrayInputStream("hello\n".getBytes()));
			assertThat(run.client(listener.getLocalPort())).isEqualTo(ClientFailure.RESET.exitCode());
			assertThat(run.err()).startsWith("tcp-echo: connection reset by peer 127.0.0.1:");
		}
	}

	@Test
	void reportsTimeoutWhenTheServerNeverAnswers() throws Exception {
		try (ServerSocket listener = new ServerSocket(0)) {
			CompletableFuture<Socket> silent = CompletableFuture.supplyAsync(() -> {
				try {
					return listener.accept();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			Run run = new Run(new ByteArrayInputStream("anyone there?\n".getBytes()));
			assertThat(run.client(listener.getLocalPort(), "--echo.client.reply-timeout=300ms"))
				.isEqualTo(ClientFailure.TIMEOUT.exitCode());
			assertThat(run.err()).isEqualTo("tcp-echo: no reply from 127.0.0.1:%d within 300 ms\n"
				.formatted(listener.getLocalPort()));
			silent.get().close();
		}
	}

	static ConfigurableApplicationContext startServer() {
		return new SpringApplicationBuilder(TcpEchoApplication.class).run("--echo.server.port=0",
				"--management.server.port=0");
	}

	static int port(ConfigurableApplicationContext server) {
		return server.getBean(NettyServerConnectionFactory.class).getPort();
	}

	/** One run of the client with its own input, output and error streams. */
	static final class Run {

		private final InputStream in;

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private final ByteArrayOutputStream err = new ByteArrayOutputStream();

		Run(InputStream in) {
			this.in = in;
		}

		int client(int port, String... options) {
			return TcpEchoApplication.runClient(ClientRun.args(port, options), this.in, new PrintStream(this.out, true),
					new PrintStream(this.err, true));
		}

		synchronized String out() {
			return this.out.toString(StandardCharsets.UTF_8);
		}

		String err() {
			return this.err.toString(StandardCharsets.UTF_8);
		}

	}

}
