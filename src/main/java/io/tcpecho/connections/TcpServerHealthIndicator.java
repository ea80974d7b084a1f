package io.tcpecho.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.tcpecho.transport.Connection;
import io.tcpecho.transport.Listener;
import io.tcpecho.udp.DatagramListener;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The listeners (TCP and UDP) and their connections: OUT_OF_SERVICE while draining, DOWN when a listener does not
 * listen or a zombie outlives its grace period, otherwise UP.
 */
class TcpServerHealthIndicator extends AbstractHealthIndicator {

	private final List<Listener> listeners;

	private final List<DatagramListener> datagramListeners;

	private final ConnectionRegistry registry;

	private final ApplicationAvailability availability;

	private final Duration zombieGrace;

	/** When each zombie was first seen. */
	private final Map<Connection, Instant> zombieSince = new ConcurrentHashMap<>();

	TcpServerHealthIndicator(List<Listener> listeners, List<DatagramListener> datagramListeners,
			ConnectionRegistry registry, ApplicationAvailability availability, Duration zombieGrace) {
		super("TCP server health check failed");
		this.listeners = List.copyOf(listeners);
		this.datagramListeners = List.copyOf(datagramListeners);
		this.registry = registry;
		this.availability = availability;
		this.zombieGrace = zombieGrace;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Instant now = Instant.now();
		Collection<Connection> connections = this.registry.connections();
		List<Connection> zombies = this.registry.zombies();
		this.zombieSince.keySet().retainAll(zombies);
		long overdueZombies = 0;
		for (Connection zombie : zombies) {
			Instant since = this.zombieSince.computeIfAbsent(zombie, (c) -> now);
			overdueZombies += (Duration.between(since, now).compareTo(this.zombieGrace) > 0) ? 1 : 0;
		}
		long inFlight = 0;
		Instant oldest = now;
		for (Connection connection : connections) {
			inFlight += connection.traffic().inFlight();
			oldest = (connection.openedAt().isBefore(oldest)) ? connection.openedAt() : oldest;
		}
		boolean listening = this.listeners.stream().allMatch(Listener::isListening)
				&& this.datagramListeners.stream().allMatch(DatagramListener::isListening);
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		for (Listener listener : this.listeners) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("protocol", "tcp");
			details.put("listening", listener.isListening());
			details.put("port", listener.getPort());
			details.put("tls", listener.isTls());
			details.put("proxyProtocol", listener.proxyProtocol().name().toLowerCase(Locale.ROOT));
			details.put("activeHandlers",
					connections.stream().filter((c) -> c.listener().equals(listener.name()) && c.isOpen()).count());
			byName.put(listener.name(), details);
		}
		for (DatagramListener listener : this.datagramListeners) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("protocol", "udp");
			details.put("listening", listener.isListening());
			details.put("port", listener.port());
			details.put("flows", listener.flowCount());
			byName.put(listener.name(), details);
		}
		if (this.availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) {
			builder.outOfService();
		}
		else if (!listening || overdueZombies > 0) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("listening", listening)
			.withDetail("port", this.listeners.isEmpty() ? 0 : this.listeners.get(0).getPort())
			.withDetail("transport", this.listeners.isEmpty() ? "none" : this.listeners.get(0).transport().tag())
			.withDetail("activeHandlers", (long) connections.size() - zombies.size())
			.withDetail("reapedHandlers", this.registry.reaped())
			.withDetail("inFlightLines", inFlight)
			.withDetail("oldestHandlerAge", Objects.toString(Duration.between(oldest, now)))
			.withDetail("zombies", (long) zombies.size())
			.withDetail("listeners", byName);
	}

}
