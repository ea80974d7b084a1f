package io.tcpecho.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code greeting}: one line naming the instance, sent as a connection opens and framed like the
 * echoes, read by the bundled client's {@code --greeting}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "GREETING_POD=pod-7",
		"echo.server.greeting=hello from {host} ({env:GREETING_POD}) on {listener} at {local-address}:{local-port} "
				+ "to {peer-address}:{peer-port} as {connection-id}",
		"echo.listeners.lf.port=0", "echo.listeners.lf.framing=lf", "echo.listeners.lf.greeting={listener} here",
		"echo.listeners.proxied.port=0", "echo.listeners.proxied.proxy-protocol=required",
		"echo.listeners.proxied.greeting=you are {peer-address}:{peer-port}" })
@ExtendWith(InProcessLogging.class)
class GreetingTests {

	@Autowired
	NettyServerConnectionFactory main;

	@Autowired
	@Qualifier("echoConnectionFactory-lf")
	NettyServerConnectionFactory lf;

	@Autowired
	@Qualifier("echoConnectionFactory-proxied")
	NettyServerConnectionFactory proxied;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void theGreetingComesFirstWithEveryPlaceholderFilledThenTheEchoIsExact() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.main.getPort())) {
			String greeting = socket.readLineUtf8();
			String body = Http.get(this.managementPort, "/actuator/connections").body();
			List<String> ids = JsonPath.read(body,
					"$.connections[?(@.peerPort == " + socket.socket().getLocalPort() + ")].id");
			assertThat(greeting).isEqualTo("hello from %s (pod-7) on default at 127.0.0.1:%d to 127.0.0.1:%d as %s"
				.formatted(InetAddress.getLocalHost().getHostName(), this.main.getPort(),
						socket.socket().getLocalPort(), ids.get(0)));
			assertThat(socket.write("echo\r\n").readLineUtf8()).isEqualTo("echo");
		}
	}

	@Test
	void theGreetingIsFramedLikeTheListenersEchoes() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.lf.getPort())) {
			assertThat(new String(socket.readExactly("lf here\n".length()), StandardCharsets.UTF_8)).isEqualTo("lf here\n");
			socket.write("x\n");
			assertThat(new String(socket.readExactly(2), StandardCharsets.UTF_8)).isEqualTo("x\n");
		}
	}

	@Test
	void theGreetingNamesTheClientFromThePROXYHeader() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.proxied.getPort())) {
			socket.write("PROXY TCP4 203.0.113.5 192.0.2.1 43210 9877\r\n");
			assertThat(socket.readLineUtf8()).isEqualTo("you are 203.0.113.5:43210");
		}
	}

	@Test
	void theClientPrintsTheGreetingBeforeItSendsAnything() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runClient(
				new String[] { "127.0.0.1", String.valueOf(this.main.getPort()), "--greeting=true" },
				new ByteArrayInputStream("one\ntwo\n".getBytes()), new PrintStream(out, true), new PrintStream(err, true));
		assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
		assertThat(exit).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("hello from ").endsWith("\none\ntwo\n");
	}

	@Test
	void anUnknownPlaceholderFailsTheStartAndNamesIt() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TcpEchoApplication.class).run("--echo.server.port=0",
					"--management.server.port=0", "--echo.server.greeting=I am {hostname}",
					// the failure is this test's to check, not the log's
					"--logging.level.org.springframework.boot.SpringApplication=off"))
			.havingCause()
			.satisfies((failure) -> assertThat(failure).rootCause()
				.hasMessageContaining("echo.server.greeting")
				.hasMessageContaining("{hostname}"));
	}

}
