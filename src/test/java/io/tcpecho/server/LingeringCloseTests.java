package io.tcpecho.server;

import java.nio.charset.StandardCharsets;

import io.tcpecho.EchoSocket;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the server ends a connection on its own while the client is still sending, the client
 * reads every echo of what the server read, then a FIN, never a reset: the server reads and drops
 * what still arrives until the client's own FIN (echo.server.shutdown.linger).
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.server.max-line-length=16B" })
class LingeringCloseTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	ConnectionRegistry registry;

	@Test
	void aClientStillSendingWhenTheServerClosesReadsItsEchoesThenAFin() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("first\r\n" + "x".repeat(32) + "\r\n");
			int port = socket.socket().getLocalPort();
			await().until(() -> this.registry.connections()
				.stream()
				.noneMatch((connection) -> connection.peerPort() == port && !connection.isClosing()));
			// the server closes after the long line; the client, not reading yet, goes on sending:
			// a plain close would answer these bytes with an RST, which the next write or read meets
			for (int i = 0; i < 2000; i++) {
				socket.write("more\r\n");
			}
			assertThat(new String(socket.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("first\r\n");
		}
	}

}
