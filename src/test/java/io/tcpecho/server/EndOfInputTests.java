package io.tcpecho.server;

import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Input that ends after an unterminated last line, as {@code printf 'line1\r\nrest' | nc -N} sends
 * it: every byte comes back, in order, and the close is an ordinary one.
 */
@SpringBootTest(properties = "echo.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class EndOfInputTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	MeterRegistry meters;

	@Test
	void echoesTheBytesAfterTheLastTerminatorAsTheyAreBeforeTheFin(CapturedOutput output) throws Exception {
		double clientClosed = Closes.count(this.meters, "client-closed");
		double error = Closes.count(this.meters, "error");
		String peer;
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			peer = "127.0.0.1:" + socket.socket().getLocalPort();
			socket.write("line1\r\nrest\r");
			socket.socket().shutdownOutput();
			assertThat(new String(socket.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("line1\r\nrest\r");
		}
		await().until(() -> Closes.count(this.meters, "client-closed") == clientClosed + 1);
		assertThat(Closes.count(this.meters, "error")).isEqualTo(error);
		await().until(() -> output.getOut().contains("Connection closed from " + peer));
		assertThat(output.getOut().lines().filter((line) -> line.contains(peer)))
			.noneMatch((line) -> line.contains(" WARN ") || line.contains(" ERROR "));
	}

}
