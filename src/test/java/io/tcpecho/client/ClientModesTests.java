package io.tcpecho.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client after the lessons of UNP chapter 6: it watches the connection while it waits for
 * input, and piped input goes out in a window of lines and ends with a half-close.
 */
@ExtendWith(InProcessLogging.class)
class ClientModesTests {

	@ParameterizedTest
	@ValueSource(strings = { "interactive", "batch" })
	void aServerThatStopsIsReportedWhileTheClientWaitsForInput(String mode) throws Exception {
		ConfigurableApplicationContext server = startServer();
		PipedOutputStream keyboard = new PipedOutputStream();
		PipedInputStream input = new PipedInputStream(keyboard);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> TcpEchoApplication.runClient(
				new String[] { "127.0.0.1", String.valueOf(port(server)), "--mode=" + mode }, input,
				new PrintStream(out, true), new PrintStream(err, true)));
		keyboard.write("first\n".getBytes());
		keyboard.flush();
		await().until(() -> out.toString(StandardCharsets.UTF_8).equals("first\n"));
		InProcessLogging.reset();
		server.close();
		// no more input: the old client would wait for the next line before it noticed
		assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ClientFailure.SERVER_TERMINATED.exitCode());
		assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("tcp-echo: server terminated prematurely");
		keyboard.close();
	}

	@Test
	void batchInputGoesOutInAWindowAndEndsWithAHalfCloseAndEveryEcho() {
		try (ConfigurableApplicationContext server = startServer()) {
			String lines = IntStream.rangeClosed(1, 100_000).mapToObj(String::valueOf)
				.collect(Collectors.joining("\n", "", "\n"));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int exit = TcpEchoApplication.runClient(new String[] { "127.0.0.1", String.valueOf(port(server)) },
					new ByteArrayInputStream(lines.getBytes(StandardCharsets.US_ASCII)), new PrintStream(out, true),
					new PrintStream(err, true));
			assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
			assertThat(exit).isZero();
			assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(lines);
			// the server saw the client's FIN after the last line, answered it all, then closed
			MeterRegistry meters = server.getBean(MeterRegistry.class);
			await().until(() -> meters.get("echo.connections.closed").tag("reason", "client-closed").counter().count() == 1);
			assertThat(meters.get("echo.lines").functionCounter().count()).isEqualTo(100_000);
		}
	}

	@Test
	void aMisspeltOptionIsAnErrorThatNamesIt() {
		ClientRun run = run("--reply-timout=2s");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).contains("'--reply-timout=2s'").contains("--help");
	}

	@Test
	void aPortThatIsNoNumberIsSaidPlainly() {
		ClientRun run = run("localhost", "notaport");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).contains("PORT").contains("'notaport'").doesNotContain("For input string");
	}

	@Test
	void helpAndVersionAnswerAtOnce() {
		ClientRun help = run("--help");
		assertThat(help.exit()).isZero();
		assertThat(help.out()).contains("Usage: client").contains("--reply-timeout").contains("--mode");
		ClientRun version = run("--version");
		assertThat(version.exit()).isZero();
		assertThat(version.out()).startsWith("tcp-echo ");
		ClientRun bench = ClientRun.bench("--help");
		assertThat(bench.exit()).isZero();
		assertThat(bench.out()).contains("Usage: bench").contains("--connections");
	}

	private static ClientRun run(String... args) {
		return ClientRun.client(args, "");
	}

	private static ConfigurableApplicationContext startServer() {
		ConfigurableApplicationContext server = new SpringApplicationBuilder(TcpEchoApplication.class)
			.run("--echo.server.port=0", "--management.server.port=0");
		// lets the client set up logging as the command does (console off), not inherit the server's
		InProcessLogging.reset();
		return server;
	}

	private static int port(ConfigurableApplicationContext server) {
		return server.getBean(NettyServerConnectionFactory.class).getPort();
	}

}
