package io.tcpecho.server;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code echo.listeners.NAME.*} beside the default listener: each with its own settings, meters and
 * health, all on one set of event loops, all drained together.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "echo.listeners.lines.port=0", "echo.listeners.lines.framing=lf",
		"echo.listeners.lines.max-line-length=8B" })
class SeveralListenersTests {

	@Autowired
	NettyServerConnectionFactory main;

	@Autowired
	@Qualifier("echoConnectionFactory-lines")
	NettyServerConnectionFactory lines;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void eachListenerKeepsItsOwnFramingAndLimits() throws Exception {
		try (EchoSocket crlf = new EchoSocket(this.main.getPort()); EchoSocket lf = new EchoSocket(this.lines.getPort())) {
			assertThat(crlf.write("a\nb\r\n").readLineUtf8()).isEqualTo("a\nb");
			lf.write("c\n");
			assertThat(new String(lf.readExactly(2), StandardCharsets.UTF_8)).isEqualTo("c\n");
			lf.write("longer than eight\n");
			assertThat(lf.readToEnd()).isEmpty();
			assertThat(crlf.write("a line longer than eight\r\n").readLineUtf8()).isEqualTo("a line longer than eight");
		}
		await().until(() -> this.meters.get("echo.connections.closed")
			.tag("listener", "lines")
			.tag("reason", "line-too-long")
			.counter()
			.count() == 1);
	}

	@Test
	void connectionsMetersAndHealthNameTheListener() throws Exception {
		try (EchoSocket crlf = new EchoSocket(this.main.getPort()); EchoSocket lf = new EchoSocket(this.lines.getPort())) {
			crlf.write("x\r\n").readLine();
			lf.write("y\n").readExactly(2);
			String connections = Http.get(this.managementPort, "/actuator/connections").body();
			assertThat(JsonPath.<List<Integer>>read(connections, "$.connections[?(@.listener == 'lines')].localPort"))
				.containsExactly(this.lines.getPort());
			assertThat(JsonPath.<List<Integer>>read(connections, "$.connections[?(@.listener == 'default')].localPort"))
				.containsExactly(this.main.getPort());
			assertThat(this.meters.get("echo.connections.active")
				.tag("listener", "lines")
				.tag("port", String.valueOf(this.lines.getPort()))
				.gauge()
				.value()).isEqualTo(1);
			String health = Http.get(this.managementPort, "/actuator/health/readiness").body();
			assertThat((Integer) JsonPath.read(health, "$.components.tcpServer.details.listeners.lines.port"))
				.isEqualTo(this.lines.getPort());
			assertThat((Boolean) JsonPath.read(health, "$.components.tcpServer.details.listeners.lines.listening"))
				.isTrue();
			assertThat((Integer) JsonPath.read(health, "$.components.tcpServer.details.listeners.lines.activeHandlers"))
				.isEqualTo(1);
		}
	}

	@Test
	void everyListenerSharesOneSetOfEventLoops() throws Exception {
		Set<String> before = echoThreads();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TcpEchoApplication.class).run(
				"--echo.server.port=0", "--management.server.port=0", "--echo.server.event-loops=2",
				"--echo.listeners.b.port=0", "--echo.listeners.c.port=0", "--echo.listeners.d.port=0")) {
			for (NettyServerConnectionFactory factory : context.getBeansOfType(NettyServerConnectionFactory.class)
				.values()) {
				try (EchoSocket socket = new EchoSocket(factory.getPort())) {
					assertThat(socket.write("hi\r\n").readLineUtf8()).isEqualTo("hi");
				}
			}
			Set<String> started = new HashSet<>(echoThreads());
			started.removeAll(before);
			assertThat(started).hasSize(2);
		}
	}

	@Test
	void theDrainFinishesTheConnectionsOfEveryListener() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TcpEchoApplication.class).run(
				"--echo.server.port=0", "--management.server.port=0", "--echo.listeners.other.port=0",
				"--echo.listeners.other.framing=lf");
		NettyServerConnectionFactory first = context.getBean("echoConnectionFactory", NettyServerConnectionFactory.class);
		NettyServerConnectionFactory other = context.getBean("echoConnectionFactory-other",
				NettyServerConnectionFactory.class);
		try (EchoSocket a = new EchoSocket(first.getPort()); EchoSocket b = new EchoSocket(other.getPort())) {
			a.write("a\r\n").readLine();
			b.write("b\n").readExactly(2);
			a.write("in flight\r\n");
			b.write("in flight\n");
			context.close();
			assertThat(new String(a.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("in flight\r\n");
			assertThat(new String(b.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("in flight\n");
		}
	}

	private static Set<String> echoThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("echo-io-"))
			.collect(Collectors.toSet());
	}

}
