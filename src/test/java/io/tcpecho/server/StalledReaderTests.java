package io.tcpecho.server;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.Stall;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stopped reading holds its slot no longer than the idle timeout, though the write
 * timeout is far longer: its echoes cannot move, so the idle close is a reset.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.server.idle-timeout=1s", "echo.server.write-timeout=60s" })
class StalledReaderTests {

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
	void resetsAStalledReaderAtTheIdleTimeoutNotTheWriteTimeout() throws Exception {
		double idle = Closes.count(this.meters, "idle-timeout");
		try (Socket greedy = Stall.floodWithoutReading(this.factory.getPort(), this.writer)) {
			// a quarter of the write timeout: only the idle timeout can end it by then
			await().atMost(Duration.ofSeconds(15))
				.until(() -> this.registry.connections().stream().noneMatch((c) -> c.peerPort() == greedy.getLocalPort()));
			assertThat(Closes.count(this.meters, "idle-timeout")).isEqualTo(idle + 1);
		}
	}

}
