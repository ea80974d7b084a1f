package io.tcpecho.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

import io.tcpecho.server.EchoServerConnectionFactory;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The listener and its per-connection handlers, as {@code ps} shows a forking server's
 * children: OUT_OF_SERVICE while draining (the listener is closed on purpose then), otherwise
 * DOWN when not listening or when a handler outlives its connection past the grace period,
 * and UP while listening with no zombies.
 */
class TcpServerHealthIndicator extends AbstractHealthIndicator {

	private final EchoServerConnectionFactory factory;

	private final ConnectionRegistry registry;

	private final ConnectionsProperties properties;

	TcpServerHealthIndicator(EchoServerConnectionFactory factory, ConnectionRegistry registry,
			ConnectionsProperties properties) {
		super("TCP server health check failed");
		this.factory = factory;
		this.registry = registry;
		this.properties = properties;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = Instant.now();
		Collection<ConnectionHandler> handlers = this.registry.handlers();
		long zombies = 0;
		long overdueZombies = 0;
		long inFlight = 0;
		Instant oldest = now;
		for (ConnectionHandler handler : handlers) {
			Instant zombieSince = handler.zombieSince();
			if (zombieSince != null) {
				zombies++;
				if (Duration.between(zombieSince, now).compareTo(this.properties.zombieGrace()) > 0) {
					overdueZombies++;
				}
			}
			inFlight += handler.inFlight();
			oldest = (handler.openedAt().isBefore(oldest)) ? handler.openedAt() : oldest;
		}
		boolean listening = this.factory.isListening();
		if (this.registry.isDraining()) {
			builder.outOfService();
		}
		else if (!listening || overdueZombies > 0) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("listening", listening)
			.withDetail("port", this.factory.getPort())
			.withDetail("activeHandlers", handlers.size() - zombies)
			.withDetail("reapedHandlers", this.registry.reaped())
			.withDetail("inFlightLines", inFlight)
			.withDetail("oldestHandlerAge", Objects.toString(Duration.between(oldest, now)))
			.withDetail("zombies", zombies);
	}

}
