package io.tcpecho.server;

import java.util.Random;

import io.tcpecho.EchoSocket;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binary messages with a 4-byte big-endian length header.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.server.framing=length-header",
		"echo.server.max-line-length=1KB" })
class LengthHeaderFramingTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Test
	void echoesBinaryMessagesWithCrLfAndNulExactly() throws Exception {
		byte[] structure = { 0, '\r', '\n', 0, '\n', '\r', (byte) 0xFF, 0, 0, 0, 4 };
		byte[] random = new byte[1024];
		new Random(42).nextBytes(random);
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write(EchoSocket.concat(EchoSocket.lengthPrefixed(structure), EchoSocket.lengthPrefixed(random),
					EchoSocket.lengthPrefixed(new byte[0])));
			assertThat(socket.readLengthPrefixed()).isEqualTo(structure);
			assertThat(socket.readLengthPrefixed()).isEqualTo(random);
			assertThat(socket.readLengthPrefixed()).isEmpty();
		}
	}

	@Test
	void closesTheConnectionWhenAMessageIsOverTheLimit() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write(EchoSocket.concat(EchoSocket.lengthPrefixed(new byte[] { 1 }),
					EchoSocket.lengthPrefixed(new byte[1025])));
			assertThat(socket.readToEnd()).isEqualTo(EchoSocket.lengthPrefixed(new byte[] { 1 }));
		}
	}

	@Test
	void dropsAnIncompleteFrameWhenTheInputEndsAndClosesAfterTheWholeOnes() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write(EchoSocket.concat(EchoSocket.lengthPrefixed(new byte[] { 7 }), new byte[] { 0, 0, 0, 5, 1 }));
			socket.socket().shutdownOutput();
			assertThat(socket.readToEnd()).isEqualTo(EchoSocket.lengthPrefixed(new byte[] { 7 }));
		}
	}

}
