package io.tcpecho.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.RequiresPeer;
import io.tcpecho.Http;
import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * A real HAProxy (Debian's {@code haproxy}) in front of a PROXY protocol listener, with
 * {@code send-proxy} and {@code send-proxy-v2} backends, all on loopback ports.
 */
@RequiresPeer(value = "/usr/sbin/haproxy", from = "Debian's haproxy")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "echo.listeners.behind-haproxy.port=0",
		"echo.listeners.behind-haproxy.proxy-protocol=required", "echo.listeners.a.port=0",
		"echo.listeners.a.proxy-protocol=required", "echo.listeners.a.greeting=instance {listener}",
		"echo.listeners.b.port=0", "echo.listeners.b.proxy-protocol=required",
		"echo.listeners.b.greeting=instance {listener}" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HaproxyTests {

	@Autowired
	@Qualifier("echoConnectionFactory-behind-haproxy")
	NettyServerConnectionFactory listener;

	@Autowired
	@Qualifier("echoConnectionFactory-a")
	NettyServerConnectionFactory a;

	@Autowired
	@Qualifier("echoConnectionFactory-b")
	NettyServerConnectionFactory b;

	@Value("${local.management.port}")
	int managementPort;

	static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

	private Process haproxy;

	private int v1Port;

	private int v2Port;

	private int spreadPort;

	@BeforeAll
	void startHaproxy() throws Exception {
		this.v1Port = freePort();
		this.v2Port = freePort();
		this.spreadPort = freePort();
		Path config = Files.createTempFile("haproxy", ".cfg");
		Files.writeString(config, """
				global
				    maxconn 100
				defaults
				    mode tcp
				    timeout connect 5s
				    timeout client 30s
				    timeout server 30s
				frontend v1
				    bind 127.0.0.1:%d
				    default_backend echo-v1
				frontend v2
				    bind 127.0.0.1:%d
				    default_backend echo-v2
				backend echo-v1
				    server echo 127.0.0.1:%d send-proxy
				backend echo-v2
				    server echo 127.0.0.1:%d send-proxy-v2
				frontend spread
				    bind 127.0.0.1:%d
				    default_backend two-instances
				backend two-instances
				    balance roundrobin
				    server a 127.0.0.1:%d send-proxy-v2
				    server b 127.0.0.1:%d send-proxy-v2
				""".formatted(this.v1Port, this.v2Port, this.listener.getPort(), this.listener.getPort(),
				this.spreadPort, this.a.getPort(), this.b.getPort()));
		// -db: in the foreground, so the test owns the process
		this.haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString()).inheritIO().start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> accepts(this.v1Port) && accepts(this.v2Port) && accepts(this.spreadPort));
	}

	@AfterAll
	void stopHaproxy() throws InterruptedException {
		InProcessLogging.reset();
		if (this.haproxy != null) {
			this.haproxy.destroy();
			this.haproxy.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "send-proxy", "send-proxy-v2" })
	void theClientHaproxySawIsTheOneReportedAndEchoesAreExact(String backend) throws Exception {
		int port = backend.equals("send-proxy") ? this.v1Port : this.v2Port;
		byte[] everyByte = new byte[256];
		for (int i = 0; i < 256; i++) {
			everyByte[i] = (byte) i;
		}
		try (EchoSocket socket = new EchoSocket(port)) {
			assertThat(socket.writeLine(everyByte).readLine()).isEqualTo(everyByte);
			for (int i = 0; i < 100; i++) {
				socket.write("line %d\r\n".formatted(i));
			}
			for (int i = 0; i < 100; i++) {
				assertThat(socket.readLineUtf8()).isEqualTo("line " + i);
			}
			int clientPort = socket.socket().getLocalPort();
			String body = Http.get(this.managementPort, "/actuator/connections").body();
			List<Map<String, Object>> entries = JsonPath.read(body,
					"$.connections[?(@.listener == 'behind-haproxy' && @.peerPort == " + clientPort + ")]");
			assertThat(entries).hasSize(1);
			assertThat(entries.get(0)).containsEntry("peerAddress", "127.0.0.1").containsKey("proxy");
			assertThat((String) entries.get(0).get("proxy")).startsWith("127.0.0.1:")
				.isNotEqualTo("127.0.0.1:" + clientPort);
		}
	}

	@Test
	void theBenchToolShowsHowTheLoadBalancerSpreadItsConnections() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runBench(new String[] { "127.0.0.1", String.valueOf(this.spreadPort),
				"--greeting=true", "--connections=8", "--count=800" }, new PrintStream(out, true), System.err);
		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(report).isZero();
		assertThat(report).contains("greetings: 2 distinct over 8 connections")
			.containsPattern("\\s+\\d+  instance a\\n")
			.containsPattern("\\s+\\d+  instance b\\n")
			.contains("800 lines echoed");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
