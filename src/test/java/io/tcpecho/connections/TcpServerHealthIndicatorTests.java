package io.tcpecho.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tcpecho.transport.Connection;
import io.tcpecho.transport.Listener;
import io.tcpecho.transport.NativeTransport;
import io.tcpecho.transport.ProxyProtocol;
import io.tcpecho.transport.Traffic;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Zombies: connections still held after they closed. The listener, the availability and the closed
 * connection are stand-ins; the indicator's own logic does no I/O.
 */
class TcpServerHealthIndicatorTests {

	final Listener listener = mock(Listener.class);

	final ApplicationAvailability availability = mock(ApplicationAvailability.class);

	final ConnectionRegistry registry = new ConnectionRegistry();

	@Test
	void zombieWithinTheGracePeriodIsReportedButStaysUp() {
		given(this.listener.isListening()).willReturn(true);
		holdClosedConnection();
		Health health = indicator(Duration.ofHours(1)).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("zombies", 1L).containsEntry("activeHandlers", 0L);
	}

	@Test
	void zombiePastTheGracePeriodTurnsHealthDown() {
		given(this.listener.isListening()).willReturn(true);
		holdClosedConnection();
		TcpServerHealthIndicator indicator = indicator(Duration.ofMillis(50));
		assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
		await().until(() -> indicator.health(true).getStatus().equals(Status.DOWN));
	}

	@Test
	void notListeningIsDown() {
		given(this.listener.isListening()).willReturn(false);
		assertThat(indicator(Duration.ofHours(1)).health(true).getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void refusingTrafficIsOutOfServiceEvenWhenNotListening() {
		given(this.listener.isListening()).willReturn(false);
		given(this.availability.getReadinessState()).willReturn(ReadinessState.REFUSING_TRAFFIC);
		assertThat(indicator(Duration.ofHours(1)).health(true).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	private TcpServerHealthIndicator indicator(Duration zombieGrace) {
		given(this.listener.name()).willReturn("default");
		given(this.listener.proxyProtocol()).willReturn(ProxyProtocol.OFF);
		given(this.listener.transport()).willReturn(NativeTransport.NIO);
		return new TcpServerHealthIndicator(List.of(this.listener), List.of(), this.registry, this.availability, zombieGrace);
	}

	/** A connection the registry saw open, then never saw close. */
	private void holdClosedConnection() {
		Connection closed = mock(Connection.class);
		given(closed.isOpen()).willReturn(false);
		given(closed.id()).willReturn("127.0.0.1:40000:9877:zombie");
		given(closed.listener()).willReturn("default");
		given(closed.openedAt()).willReturn(Instant.now());
		given(closed.traffic()).willReturn(mock(Traffic.class));
		this.registry.opened(closed);
	}

}
