package io.tcpecho.connections;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Meters, health details, the connections endpoint and the close log, moved by real connections.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "management.endpoint.connections.access=unrestricted" })
@ExtendWith(OutputCaptureExtension.class)
class ConnectionTrackingTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ConnectionRegistry registryBean;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void metersAndHealthFollowAConnectionThroughItsLife(CapturedOutput output) throws Exception {
		double opened = counter("echo.connections.opened");
		double lines = counter("echo.lines");
		double received = counter("echo.received");
		double sent = counter("echo.sent");
		double clientClosed = Closes.count(this.meters, "client-closed");
		long latencies = this.meters.get("echo.latency").timer().count();

		EchoSocket socket = new EchoSocket(this.factory.getPort());
		for (String line : List.of("one", "two", "three")) {
			assertThat(socket.write(line + "\r\n").readLineUtf8()).isEqualTo(line);
		}
		// an echo is counted once written, so the client may read it a moment before
		await().untilAsserted(() -> {
			assertThat(counter("echo.connections.opened")).isEqualTo(opened + 1);
			assertThat(gauge("echo.connections.active")).isEqualTo(1);
			assertThat(counter("echo.lines")).isEqualTo(lines + 3);
			assertThat(counter("echo.received")).isEqualTo(received + 3 + 3 + 5 + 3 * 2);
			assertThat(counter("echo.sent")).isEqualTo(sent + 3 + 3 + 5 + 3 * 2);
			assertThat(this.meters.get("echo.latency").timer().count()).isEqualTo(latencies + 3);
		});
		String health = Http.get(this.managementPort, "/actuator/health/readiness").body();
		assertThat((Integer) JsonPath.read(health, "$.components.tcpServer.details.activeHandlers")).isEqualTo(1);
		assertThat((String) JsonPath.read(health, "$.components.tcpServer.status")).isEqualTo("UP");
		assertThat((Boolean) JsonPath.read(health, "$.components.tcpServer.details.listening")).isTrue();

		String peer = "127.0.0.1:" + socket.socket().getLocalPort();
		socket.close();
		await().until(() -> gauge("echo.connections.active") == 0);
		assertThat(Closes.count(this.meters, "client-closed")).isEqualTo(clientClosed + 1);
		await().until(() -> output.getOut().contains("Connection closed from " + peer));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Connection closed from " + peer)))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("3 lines").contains("client-closed"));
	}

	@Test
	void countsEachOfManyLinesSentInOneWrite(CapturedOutput output) throws Exception {
		double lines = counter("echo.lines");
		double received = counter("echo.received");
		long latencies = this.meters.get("echo.latency").timer().count();
		StringBuilder burst = new StringBuilder();
		for (int i = 0; i < 500; i++) {
			burst.append("l%03d\r\n".formatted(i));
		}

		String peer;
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			peer = "127.0.0.1:" + socket.socket().getLocalPort();
			socket.write(burst.toString());
			assertThat(new String(socket.readExactly(burst.length()))).isEqualTo(burst.toString());
		}
		await().untilAsserted(() -> {
			assertThat(counter("echo.lines")).isEqualTo(lines + 500);
			assertThat(counter("echo.received")).isEqualTo(received + 500 * 6);
			assertThat(this.meters.get("echo.latency").timer().count()).isEqualTo(latencies + 500);
		});
		await().until(() -> output.getOut().contains("Connection closed from " + peer));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Connection closed from " + peer)))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("500 lines, 3000 bytes in, 3000 bytes out"));
	}

	@Test
	void reapsFiveConnectionsClosedAtTheSameMoment() throws Exception {
		long reaped = this.registryBean.reaped();
		List<EchoSocket> sockets = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			EchoSocket socket = new EchoSocket(this.factory.getPort());
			assertThat(socket.write("hi\r\n").readLineUtf8()).isEqualTo("hi");
			sockets.add(socket);
		}
		await().until(() -> gauge("echo.connections.active") == 5);
		CyclicBarrier together = new CyclicBarrier(5);
		CompletableFuture.allOf(sockets.stream().map((socket) -> CompletableFuture.runAsync(() -> {
			try {
				together.await();
				socket.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		})).toArray(CompletableFuture[]::new)).join();

		await().until(() -> gauge("echo.connections.active") == 0);
		assertThat(this.registryBean.reaped()).isEqualTo(reaped + 5);
		String health = Http.get(this.managementPort, "/actuator/health").body();
		assertThat((Integer) JsonPath.read(health, "$.components.tcpServer.details.zombies")).isZero();
		assertThat((Integer) JsonPath.read(health, "$.components.tcpServer.details.activeHandlers")).isZero();
	}

	@Test
	void endpointListsALiveConnectionWithItsRealPeerPort() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("listed\r\n").readLine();
			await().until(() -> this.registryBean.connections().stream().anyMatch((connection) -> connection.traffic().linesOut() == 1
					&& connection.peerPort() == socket.socket().getLocalPort()));
			int peerPort = socket.socket().getLocalPort();
			String body = Http.get(this.managementPort, "/actuator/connections").body();
			List<Map<String, Object>> mine = JsonPath.read(body, "$.connections[?(@.peerPort == " + peerPort + ")]");
			assertThat(mine).singleElement()
				.satisfies((connection) -> assertThat(connection).containsEntry("peerAddress", "127.0.0.1")
					.containsEntry("localPort", this.factory.getPort())
					.containsEntry("linesIn", 1)
					.containsEntry("linesOut", 1)
					.containsEntry("bytesIn", 8)
					.containsEntry("inFlight", 0)
					.containsKeys("id", "openedAt", "lastActivity", "bytesOut"));
		}
	}

	@Test
	void deleteClosesOneConnectionGracefullyWhenTheOperatorAllowsIt() throws Exception {
		try (EchoSocket doomed = new EchoSocket(this.factory.getPort());
				EchoSocket bystander = new EchoSocket(this.factory.getPort())) {
			doomed.write("a\r\n").readLine();
			bystander.write("b\r\n").readLine();
			double operator = Closes.count(this.meters, "operator");
			List<String> ids = JsonPath.read(Http.get(this.managementPort, "/actuator/connections").body(),
					"$.connections[?(@.peerPort == " + doomed.socket().getLocalPort() + ")].id");
			String id = ids.get(0);

			assertThat(Http.delete(this.managementPort, "/actuator/connections/" + id).statusCode()).isEqualTo(200);
			assertThat(doomed.isClosedByPeer()).isTrue();
			await().until(() -> Closes.count(this.meters, "operator") == operator + 1);
			assertThat(bystander.write("still here\r\n").readLineUtf8()).isEqualTo("still here");
			assertThat(Http.delete(this.managementPort, "/actuator/connections/" + id).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void resetsAndOversizeLinesAreCountedByReason() throws Exception {
		double reset = Closes.count(this.meters, "reset");
		double tooLong = Closes.count(this.meters, "line-too-long");
		try (Socket rude = new Socket("127.0.0.1", this.factory.getPort())) {
			rude.getOutputStream().write("half a li".getBytes());
			rude.setSoLinger(true, 0);
		}
		try (EchoSocket greedy = new EchoSocket(this.factory.getPort())) {
			greedy.write(new byte[64 * 1024 + 10]);
			greedy.readToEnd();
		}
		await().until(() -> Closes.count(this.meters, "reset") == reset + 1 && Closes.count(this.meters, "line-too-long") == tooLong + 1);
		assertThat(Closes.count(this.meters, "error")).isZero();
	}

	@Test
	void prometheusShowsTheMetersTaggedWithTheListenerPort() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("x\r\n").readLine();
			String scrape = Http.get(this.managementPort, "/actuator/prometheus").body();
			String port = "port=\"" + this.factory.getPort() + "\"";
			assertThat(scrape).containsPattern("echo_connections_active\\{[^}]*" + port)
				.containsPattern("echo_lines_total\\{[^}]*" + port)
				.containsPattern("echo_connections_closed_total\\{[^}]*reason=\"client-closed\"")
				.containsPattern("echo_latency_seconds_count\\{[^}]*" + port)
				.contains("echo_received_bytes_total")
				.contains("echo_sent_bytes_total")
				.containsPattern("echo_connections_max\\{[^}]*" + port + "[^}]*} 10000")
				.containsPattern("echo_connections_zombies\\{[^}]*" + port + "[^}]*} 0")
				.containsPattern("(?m)^echo_draining(\\{[^}]*})? 0");
		}
	}

	/** A counter's count, whether it is told (Counter) or reads what the transport counted (FunctionCounter). */
	private double counter(String name) {
		Meter meter = this.meters.get(name).tag("port", String.valueOf(this.factory.getPort())).meter();
		return (meter instanceof FunctionCounter read) ? read.count() : ((Counter) meter).count();
	}


	private double gauge(String name) {
		return this.meters.get(name).gauge().value();
	}

}
