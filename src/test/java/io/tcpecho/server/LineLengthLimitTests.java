package io.tcpecho.server;

import java.util.Arrays;

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
 * The default limit of 64 KiB of payload per CRLF line.
 */
@SpringBootTest(properties = "echo.server.port=0")
@ExtendWith(OutputCaptureExtension.class)
class LineLengthLimitTests {

	static final int LIMIT = 64 * 1024;

	@Autowired
	NettyServerConnectionFactory factory;

	@Test
	void echoesALineOfExactlyTheLimit() throws Exception {
		byte[] longest = filled(LIMIT, 'x');
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.writeLine(longest).readLine()).isEqualTo(longest);
			assertThat(socket.write("still open\r\n").readLineUtf8()).isEqualTo("still open");
		}
	}

	@Test
	void closesTheConnectionOnALineOneByteOverTheLimitAfterEchoingEarlierLines(CapturedOutput output)
			throws Exception {
		try (EchoSocket bystander = new EchoSocket(this.factory.getPort());
				EchoSocket offender = new EchoSocket(this.factory.getPort())) {
			assertThat(bystander.write("before\r\n").readLineUtf8()).isEqualTo("before");
			offender.write("first\r\nsecond\r\n");
			offender.writeLine(filled(LIMIT + 1, 'y'));
			offender.write("after\r\n");

			assertThat(new String(offender.readToEnd())).isEqualTo("first\r\nsecond\r\n");
			String peer = "127.0.0.1:" + offender.socket().getLocalPort();
			await().until(() -> output.getOut().contains("Connection closed from " + peer));
			assertThat(output.getOut().lines().filter((line) -> line.contains(peer)))
				.filteredOn((line) -> line.contains(" WARN ") || line.contains(" ERROR "))
				.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
				.contains(" WARN ")
				.contains("line longer than " + LIMIT + " bytes");
			assertThat(bystander.write("after\r\n").readLineUtf8()).isEqualTo("after");
		}
	}

	static byte[] filled(int length, char c) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) c);
		return bytes;
	}

}
