package io.tcpecho.connections;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tcpecho.server.EchoServerConnectionFactory;
import io.tcpecho.server.EchoServerProperties;
import io.tcpecho.server.Framing;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionSupport;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Zombies: handlers still held after their connection closed. The listener and the closed
 * connection are stand-ins; the indicator's own logic does no I/O.
 */
class TcpServerHealthIndicatorTests {

	final EchoServerConnectionFactory factory = mock(EchoServerConnectionFactory.class);

	final ConnectionRegistry registry = new ConnectionRegistry(this.factory, new SimpleMeterRegistry(),
			new EchoServerProperties(0, null, DataSize.ofKilobytes(64), 1024, Framing.CRLF, true, true, 10, Duration.ZERO,
					new EchoServerProperties.Shutdown(Duration.ofSeconds(8), Duration.ofMillis(500))));

	@Test
	void zombieWithinTheGracePeriodIsReportedButStaysUp() {
		given(this.factory.isListening()).willReturn(true);
		holdHandlerOfClosedConnection();
		Health health = new TcpServerHealthIndicator(this.factory, this.registry,
				new ConnectionsProperties(Duration.ofHours(1))).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("zombies", 1L).containsEntry("activeHandlers", 0L);
	}

	@Test
	void zombiePastTheGracePeriodTurnsHealthDown() {
		given(this.factory.isListening()).willReturn(true);
		holdHandlerOfClosedConnection();
		TcpServerHealthIndicator indicator = new TcpServerHealthIndicator(this.factory, this.registry,
				new ConnectionsProperties(Duration.ofMillis(50)));
		assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
		await().until(() -> indicator.health(true).getStatus().equals(Status.DOWN));
	}

	@Test
	void notListeningIsDown() {
		given(this.factory.isListening()).willReturn(false);
		assertThat(new TcpServerHealthIndicator(this.factory, this.registry,
				new ConnectionsProperties(Duration.ofHours(1))).health(true).getStatus()).isEqualTo(Status.DOWN);
	}

	/** A handler that saw its connection open, then never saw the close event. */
	private void holdHandlerOfClosedConnection() {
		TcpConnectionSupport closed = mock(TcpConnectionSupport.class);
		given(closed.isOpen()).willReturn(false);
		given(closed.getConnectionId()).willReturn("127.0.0.1:40000:9877:zombie");
		given(closed.getHostAddress()).willReturn("127.0.0.1");
		ConnectionHandler handler = new ConnectionHandler((event) -> {
		}, this.registry.meters(), Framing.CRLF);
		handler.setTheConnection(closed);
		this.registry.opened(new TcpConnectionOpenEvent(handler, "echoConnectionFactory"));
	}

}
