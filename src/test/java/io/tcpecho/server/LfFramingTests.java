package io.tcpecho.server;

import io.tcpecho.EchoSocket;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines ended by a lone LF, with a small limit to show exactly how it counts.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.server.framing=lf", "echo.server.max-line-length=10B" })
class LfFramingTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Test
	void echoesLfLinesAndKeepsACrAsPayload() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("one\ntwo\r\n");
			assertThat(new String(socket.readExactly(9))).isEqualTo("one\ntwo\r\n");
		}
	}

	@Test
	void acceptsExactlyTheLimitAndClosesOneByteOver() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("0123456789\n0123456789A\n");
			assertThat(new String(socket.readToEnd())).isEqualTo("0123456789\n");
		}
	}

	@Test
	void echoesWhatFollowsTheLastLfAsItIsWhenTheInputEnds() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("hello\nworld");
			socket.socket().shutdownOutput();
			assertThat(new String(socket.readToEnd())).isEqualTo("hello\nworld");
		}
	}

}
