package io.tcpecho.server;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.Stall;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code echo.server.write-timeout}: a client that sends and never reads its echoes cannot hold
 * its connection, nor can a graceful close wait for it forever.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.server.write-timeout=1s", "echo.server.idle-timeout=0" })
class WriteTimeoutTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	MeterRegistry meters;

	private final ExecutorService writer = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopWriting() {
		this.writer.shutdownNow();
	}

	@Test
	void resetsAClientThatStopsReadingItsEchoesAndServesTheOthers() throws Exception {
		double timedOut = Closes.count(this.meters, "write-timeout");
		try (Socket greedy = floodWithoutReading()) {
			await().atMost(Duration.ofSeconds(30)).until(() -> Closes.count(this.meters, "write-timeout") == timedOut + 1);
			await().until(() -> this.registry.connections().stream().noneMatch((c) -> c.peerPort() == greedy.getLocalPort()));
			try (EchoSocket other = new EchoSocket(this.factory.getPort())) {
				assertThat(other.write("still serving\r\n").readLineUtf8()).isEqualTo("still serving");
			}
		}
	}

	@Test
	void endsAGracefulCloseThatCannotFlushWithAReset() throws Exception {
		double shutdown = Closes.count(this.meters, "shutdown");
		try (Socket greedy = floodWithoutReading()) {
			this.registry.connections()
				.stream()
				.filter((c) -> c.peerPort() == greedy.getLocalPort())
				.findFirst()
				.orElseThrow()
				.closeGracefully(CloseReason.SHUTDOWN);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.registry.connections().stream().noneMatch((c) -> c.peerPort() == greedy.getLocalPort()));
			assertThat(Closes.count(this.meters, "shutdown")).as("the reason recorded first stays").isEqualTo(shutdown + 1);
		}
	}

	private Socket floodWithoutReading() throws Exception {
		return Stall.floodWithoutReading(this.factory.getPort(), this.writer);
	}

}
