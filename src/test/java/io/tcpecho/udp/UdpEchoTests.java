package io.tcpecho.udp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The UDP echo over real datagram sockets: exact bytes, the reply's source, the size limit and the flows.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0", "management.server.port=0",
		"echo.listeners.udp.max-datagram-size=1000", "echo.listeners.few.protocol=udp", "echo.listeners.few.port=0",
		"echo.listeners.few.max-flows=3", "echo.listeners.few.flow-timeout=2s" })
class UdpEchoTests {

	@Autowired
	@Qualifier("echoDatagramListener-udp")
	DatagramListener udp;

	@Autowired
	@Qualifier("echoDatagramListener-few")
	DatagramListener few;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@ParameterizedTest
	@ValueSource(strings = { "hello", "hello\n", "héllo wörld ✓ 𝄞 日本語\r\n", "a\rb\nc", "\0" })
	void echoesEachDatagramAsOneDatagramWithTheSameBytes(String text) throws Exception {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			assertThat(socket.send(payload).receive().payload()).isEqualTo(payload);
		}
	}

	@Test
	void echoesEveryByteValueAndTheLargestDatagramAllowed() throws Exception {
		byte[] largest = new byte[1000];
		for (int i = 0; i < largest.length; i++) {
			largest[i] = (byte) i;
		}
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			assertThat(socket.send(largest).receive().payload()).isEqualTo(largest);
		}
	}

	@Test
	void echoesAnEmptyDatagramEmpty() throws Exception {
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			assertThat(socket.send(new byte[0]).receive().payload()).isEmpty();
		}
	}

	@Test
	void echoesOverIpv6Loopback() throws Exception {
		try (UdpSocket socket = new UdpSocket("::1", this.udp.port())) {
			UdpSocket.Received echo = socket.send("over ipv6").receive();
			assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("over ipv6");
			assertThat(echo.from().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
		}
	}

	@Test
	void repliesFromThePortTheClientSentTo() throws Exception {
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			assertThat(socket.send("where from").receive().from().getPort()).isEqualTo(this.udp.port());
		}
	}

	@Test
	void dropsADatagramOverTheLimitCountsItAndStillEchoesTheNext() throws Exception {
		double before = dropped("udp", "too-large");
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			socket.send(new byte[1001]).send(new byte[5000]).send("after");
			assertThat(socket.receiveUtf8()).isEqualTo("after");
			assertThat(socket.silentFor(Duration.ofMillis(300))).isTrue();
		}
		assertThat(dropped("udp", "too-large") - before).isEqualTo(2);
	}

	@Test
	void listsEachFlowInTheConnectionsEndpoint() throws Exception {
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			socket.send("one").receive();
			socket.send("two!").receive();
			String body = Http.get(this.managementPort, "/actuator/connections").body();
			String flow = "$.connections[?(@.protocol == 'udp' && @.peerPort == " + socket.localPort() + ")]";
			assertThat(JsonPath.<List<String>>read(body, flow + ".listener")).containsExactly("udp");
			assertThat(JsonPath.<List<Integer>>read(body, flow + ".localPort")).containsExactly(this.udp.port());
			assertThat(JsonPath.<List<Integer>>read(body, flow + ".datagramsIn")).containsExactly(2);
			assertThat(JsonPath.<List<Integer>>read(body, flow + ".datagramsOut")).containsExactly(2);
			assertThat(JsonPath.<List<Integer>>read(body, flow + ".bytesIn")).containsExactly(7);
			assertThat(JsonPath.<List<Integer>>read(body, flow + ".bytesOut")).containsExactly(7);
			assertThat(JsonPath.<List<String>>read(body, flow + ".firstSeen")).hasSize(1);
			assertThat(JsonPath.<List<String>>read(body, flow + ".lastSeen")).hasSize(1);
			assertThat(JsonPath.<List<String>>read(body, "$.connections[?(@.protocol == 'tcp')]")).isEmpty();
		}
	}

	@Test
	void remembersAtMostMaxFlowsForgettingTheLeastRecentlySeenFirst() throws Exception {
		List<UdpSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				UdpSocket socket = new UdpSocket(this.few.port());
				sockets.add(socket);
				assertThat(socket.send("flow " + i).receiveUtf8()).isEqualTo("flow " + i);
			}
			assertThat(this.few.flows()).extracting((flow) -> flow.peer().getPort())
				.containsExactly(sockets.get(2).localPort(), sockets.get(3).localPort(), sockets.get(4).localPort());
		}
		finally {
			sockets.forEach(UdpSocket::close);
		}
	}

	@Test
	void forgetsAFlowQuietForTheFlowTimeout() throws Exception {
		try (UdpSocket socket = new UdpSocket(this.few.port())) {
			socket.send("soon forgotten").receive();
			assertThat(this.few.flows()).extracting((flow) -> flow.peer().getPort()).contains(socket.localPort());
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.few.flows().stream().noneMatch((flow) -> flow.peer().getPort() == socket.localPort()));
		}
	}

	@Test
	void countsDatagramsAndBytesPerListener() throws Exception {
		double received = counter("echo.datagrams.received", "few");
		double bytes = counter("echo.received", "few");
		try (UdpSocket socket = new UdpSocket(this.few.port())) {
			socket.send("12345").receive();
		}
		assertThat(counter("echo.datagrams.received", "few") - received).isEqualTo(1);
		assertThat(counter("echo.received", "few") - bytes).isEqualTo(5);
		await().untilAsserted(() -> assertThat(this.meters.get("echo.datagrams.sent").tag("listener", "few").functionCounter().count())
			.isGreaterThanOrEqualTo(1));
	}

	@Test
	void healthShowsEachUdpListenerWithItsFlows() throws Exception {
		try (UdpSocket socket = new UdpSocket(this.udp.port())) {
			socket.send("health").receive();
		}
		String body = Http.get(this.managementPort, "/actuator/health").body();
		String udp = "$.components.tcpServer.details.listeners.udp";
		assertThat(JsonPath.<String>read(body, udp + ".protocol")).isEqualTo("udp");
		assertThat(JsonPath.<Boolean>read(body, udp + ".listening")).isTrue();
		assertThat(JsonPath.<Integer>read(body, udp + ".flows")).isPositive();
		assertThat(JsonPath.<String>read(body, "$.components.tcpServer.details.listeners.default.protocol")).isEqualTo("tcp");
	}

	private double dropped(String listener, String reason) {
		return this.meters.get("echo.datagrams.dropped").tag("listener", listener).tag("reason", reason).functionCounter().count();
	}

	private double counter(String name, String listener) {
		return this.meters.get(name).tag("listener", listener).functionCounter().count();
	}

}
