package io.tcpecho.connections;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.InProcessLogging;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Boot's structured logging, each close is one JSON object with its figures as fields.
 */
@SpringBootTest(properties = { "echo.server.port=0", "logging.structured.format.console=logstash" })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
@ExtendWith(InProcessLogging.class)
class StructuredCloseLogTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Test
	void eachCloseIsOneJsonObjectWithPeerFiguresAndReason(CapturedOutput output) throws Exception {
		String peer;
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("json\r\nlines\r\n").readLine();
			socket.readLine();
			peer = "127.0.0.1:" + socket.socket().getLocalPort();
		}
		await().until(() -> output.getOut().lines().anyMatch((line) -> isCloseOf(line, peer)));
		String json = output.getOut().lines().filter((line) -> isCloseOf(line, peer)).findFirst().orElseThrow();
		assertThat((String) JsonPath.read(json, "$.reason")).isEqualTo("client-closed");
		assertThat((Integer) JsonPath.read(json, "$.linesOut")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(json, "$.bytesIn")).isEqualTo(13);
		assertThat((String) JsonPath.read(json, "$.level")).isEqualTo("INFO");
		assertThat(json).contains("\"durationMs\"");
	}

	private static boolean isCloseOf(String line, String peer) {
		return line.startsWith("{") && line.contains("\"connection-closed\"") && line.contains(peer);
	}

}
