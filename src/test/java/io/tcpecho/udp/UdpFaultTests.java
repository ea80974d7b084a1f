package io.tcpecho.udp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Http;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each datagram fault over real datagram sockets: what comes back, and how it is counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "management.endpoint.faults.access=unrestricted",
		"echo.listeners.udp.enabled=false",
		"echo.listeners.drop.protocol=udp", "echo.listeners.drop.port=0", "echo.listeners.drop.faults[0].type=drop",
		"echo.listeners.dup.protocol=udp", "echo.listeners.dup.port=0", "echo.listeners.dup.faults[0].type=duplicate",
		"echo.listeners.slow.protocol=udp", "echo.listeners.slow.port=0", "echo.listeners.slow.faults[0].type=latency",
		"echo.listeners.slow.faults[0].latency=400ms",
		"echo.listeners.cut.protocol=udp", "echo.listeners.cut.port=0", "echo.listeners.cut.faults[0].type=truncate",
		"echo.listeners.cut.faults[0].bytes=3",
		"echo.listeners.hole.protocol=udp", "echo.listeners.hole.port=0", "echo.listeners.hole.faults[0].type=blackhole",
		"echo.listeners.hole.faults[0].probability=0.5", "echo.listeners.hole.faults[0].seed=7",
		"echo.listeners.runtime.protocol=udp", "echo.listeners.runtime.port=0" })
class UdpFaultTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void dropSendsNoEchoAndCountsTheDrop() throws Exception {
		try (UdpSocket socket = new UdpSocket(port("drop"))) {
			socket.send("lost").send("lost too");
			assertThat(socket.silentFor(Duration.ofMillis(500))).isTrue();
		}
		assertThat(dropped("drop", "fault-drop")).isEqualTo(2);
	}

	@Test
	void duplicateSendsEachEchoTwice() throws Exception {
		try (UdpSocket socket = new UdpSocket(port("dup"))) {
			socket.send("twice");
			assertThat(socket.receiveUtf8()).isEqualTo("twice");
			assertThat(socket.receiveUtf8()).isEqualTo("twice");
			assertThat(socket.silentFor(Duration.ofMillis(300))).isTrue();
		}
	}

	@Test
	void latencyDelaysEachEcho() throws Exception {
		try (UdpSocket socket = new UdpSocket(port("slow"))) {
			long sent = System.nanoTime();
			assertThat(socket.send("later").receiveUtf8()).isEqualTo("later");
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		}
	}

	@Test
	void truncateEchoesOnlyTheFirstBytes() throws Exception {
		try (UdpSocket socket = new UdpSocket(port("cut"))) {
			assertThat(socket.send("abcdef").receiveUtf8()).isEqualTo("abc");
			assertThat(socket.send("ab").receiveUtf8()).isEqualTo("ab");
		}
	}

	@Test
	void blackholeDrawsOncePerFlowAndDropsEveryDatagramOfAFlowItHits() throws Exception {
		List<UdpSocket> flows = new ArrayList<>();
		int silent = 0;
		try {
			for (int i = 0; i < 8; i++) {
				UdpSocket flow = new UdpSocket(port("hole"));
				flows.add(flow);
				flow.send("first");
				boolean hit = flow.silentFor(Duration.ofMillis(300));
				silent += hit ? 1 : 0;
				for (int j = 0; j < 3; j++) {
					flow.send("again " + j);
					if (hit) {
						assertThat(flow.silentFor(Duration.ofMillis(100))).isTrue();
					}
					else {
						assertThat(flow.receiveUtf8()).isEqualTo("again " + j);
					}
				}
			}
		}
		finally {
			flows.forEach(UdpSocket::close);
		}
		assertThat(silent).isBetween(1, 7);
		assertThat(dropped("hole", "fault-blackhole")).isEqualTo(silent * 4);
	}

	@Test
	void anOperatorAddsADatagramFaultAtRuntimeAndATcpOneIsRefused() throws Exception {
		assertThat(Http.post(this.managementPort, "/actuator/faults/runtime", "{\"type\":\"truncate\",\"bytes\":1}")
			.statusCode()).isEqualTo(200);
		try (UdpSocket socket = new UdpSocket(port("runtime"))) {
			assertThat(socket.send("xyz").receiveUtf8()).isEqualTo("x");
		}
		String listed = Http.get(this.managementPort, "/actuator/faults").body();
		assertThat(JsonPath.<List<Integer>>read(listed, "$.runtime[*].hits")).containsExactly(1);
		Http.Response refused = Http.post(this.managementPort, "/actuator/faults/runtime",
				"{\"type\":\"reset\",\"afterLines\":1}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("a reset fault means nothing for a udp listener");
		assertThat(Http.delete(this.managementPort, "/actuator/faults/runtime").statusCode()).isEqualTo(200);
		try (UdpSocket socket = new UdpSocket(port("runtime"))) {
			assertThat(socket.send("xyz").receiveUtf8()).isEqualTo("xyz");
		}
	}

	private int port(String listener) {
		return this.context.getBean("echoDatagramListener-" + listener, DatagramListener.class).port();
	}

	private double dropped(String listener, String reason) {
		return this.meters.get("echo.datagrams.dropped").tag("listener", listener).tag("reason", reason).functionCounter().count();
	}

}
