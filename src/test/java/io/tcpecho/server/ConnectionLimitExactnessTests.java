package io.tcpecho.server;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.EchoSocket;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code echo.server.max-connections=3} is exact: a connection the server has closed never counts
 * against it, however quickly the next one follows.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.server.max-connections=3" })
class ConnectionLimitExactnessTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	MeterRegistry meters;

	@Test
	void admitsUpToTheLimitAgainAsSoonAsEarlierConnectionsAreClosed() throws Exception {
		double rejectedBefore = rejected();
		List<EchoSocket> open = new ArrayList<>();
		try {
			for (int round = 0; round < 20; round++) {
				fill(open);
				for (int i = 0; i < 2; i++) {
					EchoSocket closing = open.remove(0);
					closing.socket().shutdownOutput();
					assertThat(closing.isClosedByPeer()).isTrue();
					closing.close();
				}
			}
			fill(open);
			assertThat(rejected()).isEqualTo(rejectedBefore);
			try (EchoSocket fourth = new EchoSocket(this.factory.getPort())) {
				assertThat(fourth.isClosedByPeer()).isTrue();
			}
			await().until(() -> rejected() == rejectedBefore + 1);
		}
		finally {
			for (EchoSocket socket : open) {
				socket.close();
			}
		}
	}

	private void fill(List<EchoSocket> open) throws Exception {
		while (open.size() < 3) {
			EchoSocket socket = new EchoSocket(this.factory.getPort());
			assertThat(socket.write("in\r\n").readLineUtf8()).as("admitted with %d open", open.size()).isEqualTo("in");
			open.add(socket);
		}
	}

	private double rejected() {
		return this.meters.get("echo.connections.closed").tag("reason", "rejected-at-limit").counter().count();
	}

}
