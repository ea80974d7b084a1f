package io.tcpecho.client;

import java.time.Duration;

import io.tcpecho.EchoSocket;
import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled client against each fault that ends a connection, named as the classic client
 * would, with the README's exit codes; and a held connection ended by the drain's deadline.
 */
class FaultClientTests {

	static ConfigurableApplicationContext server;

	@BeforeAll
	static void startFaultyServer() {
		server = new SpringApplicationBuilder(TcpEchoApplication.class).run("--echo.server.port=0",
				"--management.server.port=0", "--echo.listeners.close.port=0",
				"--echo.listeners.close.faults[0].type=close", "--echo.listeners.close.faults[0].after-lines=1",
				"--echo.listeners.reset.port=0", "--echo.listeners.reset.faults[0].type=reset",
				"--echo.listeners.reset.faults[0].after-lines=1", "--echo.listeners.blackhole.port=0",
				"--echo.listeners.blackhole.faults[0].type=blackhole", "--echo.listeners.blackhole.faults[0].after-lines=1",
				"--echo.listeners.accept.port=0", "--echo.listeners.accept.faults[0].type=reset-on-accept");
		// lets each client run set up logging as the command does (console off), not inherit the server's
		InProcessLogging.reset();
	}

	@AfterAll
	static void stop() {
		server.close();
		InProcessLogging.reset();
	}

	@Test
	void closeIsServerTerminatedPrematurely() {
		ClientRun run = client("close");
		assertThat(run.exit()).isEqualTo(3);
		assertThat(run.err()).startsWith("tcp-echo: server terminated prematurely");
		assertThat(run.out()).isEqualTo("one\n");
	}

	@Test
	void resetIsConnectionResetByPeer() {
		ClientRun run = client("reset");
		assertThat(run.exit()).isEqualTo(4);
		assertThat(run.err()).startsWith("tcp-echo: connection reset by peer 127.0.0.1:");
		assertThat(run.out()).isEqualTo("one\n");
	}

	@Test
	void blackholeIsNoReplyWithinTheTimeout() {
		ClientRun run = client("blackhole", "--reply-timeout=500ms");
		assertThat(run.exit()).isEqualTo(5);
		assertThat(run.err()).startsWith("tcp-echo: no reply from 127.0.0.1:").contains("within 500 ms");
		assertThat(run.out()).isEqualTo("one\n");
	}

	@Test
	void resetOnAcceptIsAResetOrAClose() {
		ClientRun run = client("accept");
		assertThat(run.exit()).isIn(3, 4);
		assertThat(run.err()).matches("tcp-echo: (connection reset by peer|server terminated prematurely).*\\n");
		assertThat(run.out()).isEmpty();
	}

	@Test
	void theDrainClosesAHeldConnectionAtItsDeadline() throws Exception {
		ConfigurableApplicationContext drained = new SpringApplicationBuilder(TcpEchoApplication.class).run(
				"--echo.server.port=0", "--management.server.port=0", "--echo.server.shutdown.timeout=1s",
				"--echo.server.faults[0].type=blackhole", "--echo.server.faults[0].after-lines=1");
		int port = drained.getBean(NettyServerConnectionFactory.class).getPort();
		try (EchoSocket socket = new EchoSocket(port, Duration.ofSeconds(20))) {
			assertThat(socket.write("one\r\n").readLineUtf8()).isEqualTo("one");
			socket.write("into the hole\r\n");
			long start = System.nanoTime();
			drained.close();
			// quiet for the whole drain, not closed at its quiet period; ended at the deadline
			assertThat(socket.readToEnd()).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
	}

	private static ClientRun client(String listener, String... options) {
		int port = server.getBean("echoConnectionFactory-" + listener, NettyServerConnectionFactory.class).getPort();
		return ClientRun.against(port, "one\ntwo\nthree\n", options);
	}

}
