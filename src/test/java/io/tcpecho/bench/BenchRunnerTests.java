package io.tcpecho.bench;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.InProcessLogging;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bench mode against the real server, and against a server that corrupts one byte.
 */
@SpringBootTest(properties = "echo.server.port=0")
@ExtendWith(InProcessLogging.class)
class BenchRunnerTests {


	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	ConnectionRegistry registry;

	@Test
	void verifiesEveryEchoOfACountedRunAgainstTheServer() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runBench(new String[] { "127.0.0.1", String.valueOf(this.factory.getPort()),
				"--connections=3", "--in-flight=4", "--count=3000", "--payload-size=100B" },
				new PrintStream(out, true), System.err);
		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isZero();
		assertThat(report).contains("3,000 lines echoed").contains("errors=0");
	}

	@Test
	void sendsEveryLineOfAFixedRateRunAndChecksItsEcho() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runBench(new String[] { "127.0.0.1", String.valueOf(this.factory.getPort()),
				"--connections=3", "--rate=600", "--count=300" }, new PrintStream(out, true), System.err);
		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isZero();
		assertThat(report).contains("fixed rate").contains("300 lines echoed").contains("errors=0");
	}

	@Test
	void continuityRunCarriesOnThroughTheServersClosesAndLosesNothing() throws Exception {
		// another test's connections may still be closing: only this run's four are to close
		await().until(() -> this.registry.connections().isEmpty());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> TcpEchoApplication.runBench(new String[] {
				"127.0.0.1", String.valueOf(this.factory.getPort()), "--mode=continuity", "--connections=4",
				"--rate=400", "--duration=4s" }, new PrintStream(out, true), System.err));
		await().until(() -> this.registry.connections().size() == 4);
		for (Connection connection : this.registry.connections()) {
			connection.closeGracefully(CloseReason.OPERATOR);
		}
		int exit = run.get(30, TimeUnit.SECONDS);
		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isZero();
		assertThat(report).contains("lost=0 late=0 wrong=0 connects=8 connectFailures=0 serverFins=8 resets=0 timeouts=0")
			.containsPattern("totals: sent=(\\d+) echoed=\\1 ");
	}

	@Test
	void idleConnectionsAreAcceptedFromEachSourceAddressInTurnAndTimedPerThousand() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> TcpEchoApplication.runBench(new String[] {
				"127.0.0.1", String.valueOf(this.factory.getPort()), "--idle-connections=1200", "--connections=2",
				"--rate=100", "--duration=3s", "--source-addresses=127.0.0.2-127.0.0.3,127.0.0.5" },
				new PrintStream(out, true), System.err));
		await().until(() -> this.registry.connections().size() >= 1202);
		assertThat(this.registry.connections().stream().map(Connection::peerAddress).distinct())
			.containsExactlyInAnyOrder("127.0.0.2", "127.0.0.3", "127.0.0.5");
		assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8))
			.containsPattern("idle connections 1-1,000: [\\d,]+ accepted/s")
			.containsPattern("idle connections 1,001-1,200: [\\d,]+ accepted/s");
	}

	@Test
	void churnOpensConnectionsAtItsRateEachEchoingItsLinesAndReportsTheirTimes(@TempDir Path files) throws Exception {
		Path json = files.resolve("churn.json");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runBench(new String[] { "127.0.0.1", String.valueOf(this.factory.getPort()),
				"--connect-rate=100", "--lines-per-connection=3", "--connections=20", "--duration=2s",
				"--report=" + json }, new PrintStream(out, true), System.err);
		String printed = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(printed).isZero();
		String report = Files.readString(json);
		long connects = JsonPath.<Number>read(report, "$.totals.connects").longValue();
		assertThat(connects).as(printed).isPositive();
		assertThat(JsonPath.<Number>read(report, "$.totals.echoed").longValue()).isEqualTo(3 * connects);
		assertThat(JsonPath.<Number>read(report, "$.totals.failures").longValue()).isZero();
		assertThat(JsonPath.<Map<String, Object>>read(report, "$.connectMicros")).containsKeys("count", "p50", "p99", "max");
		assertThat(JsonPath.<Number>read(report, "$.firstAnswerMicros.count").longValue()).isEqualTo(connects);
		assertThat(JsonPath.<Number>read(report, "$.tlsHandshakeMicros.count").longValue()).isZero();
		assertThat(printed).contains("RESULT connections_per_sec=");
	}

	@Test
	void loadRunWritesItsReportInTheSameFormat(@TempDir Path files) throws Exception {
		Path json = files.resolve("load.json");
		int exit = TcpEchoApplication.runBench(new String[] { "127.0.0.1", String.valueOf(this.factory.getPort()),
				"--connections=2", "--count=200", "--report=" + json }, new PrintStream(new ByteArrayOutputStream()),
				System.err);
		assertThat(exit).isZero();
		String report = Files.readString(json);
		assertThat(JsonPath.<Number>read(report, "$.totals.echoed").longValue()).isEqualTo(200);
		assertThat(JsonPath.<Map<String, Object>>read(report, "$.latencyMicros")).containsKeys("p50", "p99", "max");
	}

	@Test
	void countsAnEchoWithOneWrongByteAsAnError() throws Exception {
		try (ServerSocket corrupting = new ServerSocket(0)) {
			CompletableFuture.runAsync(() -> corruptTenthLine(corrupting));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int exit = TcpEchoApplication.runBench(new String[] { "127.0.0.1", String.valueOf(corrupting.getLocalPort()),
					"--count=20" }, new PrintStream(out, true), System.err);
			assertThat(exit).isEqualTo(1);
			assertThat(out.toString(StandardCharsets.UTF_8)).contains("20 lines echoed").contains("errors=1");
		}
	}

	/** Echoes bytes back as they come, but flips one bit in the tenth line. */
	private static void corruptTenthLine(ServerSocket listener) {
		try (Socket socket = listener.accept()) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			int lines = 0;
			boolean lineStart = true;
			int b;
			while ((b = in.read()) != -1) {
				if (lineStart && lines == 9) {
					b ^= 1;
				}
				lineStart = (b == '\n');
				lines += lineStart ? 1 : 0;
				out.write(b);
				if (lineStart) {
					out.flush();
				}
			}
		}
		catch (Exception ex) {
			// the bench closed the connection
		}
	}

}
