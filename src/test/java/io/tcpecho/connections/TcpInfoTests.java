package io.tcpecho.connections;

import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.epoll.Epoll;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * TCP_INFO of real connections on epoll: in {@code /actuator/connections}, in the sampled RTT
 * meter while they are open, and in the close log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "echo.server.transport=epoll", "echo.connections.tcp-info-interval=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class TcpInfoTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ConnectionRegistry registry;

	@Value("${local.management.port}")
	int managementPort;

	@BeforeEach
	void epollOnly() {
		assumeThat(Epoll.isAvailable()).as("Netty's native epoll transport loads here").isTrue();
	}

	@Test
	void connectionsEndpointShowsWhatTheKernelKnowsOfEachConnection() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.write("hello\r\n").readLineUtf8()).isEqualTo("hello");
			Map<String, Object> before = tcpInfo();
			assertThat(before).containsOnlyKeys("rttMicros", "rttVarianceMicros", "totalRetransmits",
					"congestionWindow", "unackedSegments", "mss");
			assertThat((Integer) before.get("rttMicros")).isPositive();
			assertThat((Integer) before.get("mss")).isPositive();
			assertThat((Integer) before.get("congestionWindow")).isPositive();
			assertThat(JsonPath.<String>read(Http.get(this.managementPort, "/actuator/connections").body(),
					"$.connections[0].protocol")).isEqualTo("tcp");

			for (int i = 0; i < 2000; i++) {
				socket.write(("line " + i + "\r\n").repeat(4));
				for (int j = 0; j < 4; j++) {
					socket.readLine();
				}
			}
			assertThat(tcpInfo()).as("read anew when the endpoint is asked, after 8,000 more echoes")
				.isNotEqualTo(before);
		}
	}

	@Test
	void rttIsSampledWhileOpenAndLoggedAtClose(CapturedOutput output) throws Exception {
		// another test's connection may still be closing: its close would count here
		await().until(() -> this.registry.connections().isEmpty());
		long samples = this.meters.get("echo.connection.rtt").timer().count();
		long lived = this.meters.get("echo.connection.duration").timer().count();
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.write("hello\r\n").readLineUtf8()).isEqualTo("hello");
			await().until(() -> this.meters.get("echo.connection.rtt").timer().count() >= samples + 2);
			assertThat(this.meters.get("echo.connection.duration").timer().count()).isEqualTo(lived);
		}
		await().until(() -> this.meters.get("echo.connection.duration").timer().count() == lived + 1);
		assertThat(output.getOut()).containsPattern("Connection closed from .*, client-closed \\(rtt \\d+ us, \\d+ retransmits\\)");
		assertThat(this.meters.get("echo.retransmitted.segments").counter()).isNotNull();
	}

	private Map<String, Object> tcpInfo() throws Exception {
		return JsonPath.read(Http.get(this.managementPort, "/actuator/connections").body(), "$.connections[0].tcpInfo");
	}

}
