package io.tcpecho.connections;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionListener;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;

/**
 * The echo listener's meters, tagged with the port it is bound to: registered when it starts
 * listening, before it accepts, so the per-line path only increments.
 */
class EchoMeters implements ConnectionListener {

	private final MeterRegistry registry;

	private final ConnectionRegistry connections;

	private final ApplicationAvailability availability;

	private final int maxConnections;

	private volatile @Nullable Meters meters;

	EchoMeters(MeterRegistry registry, ConnectionRegistry connections, ApplicationAvailability availability,
			int maxConnections) {
		this.registry = registry;
		this.connections = connections;
		this.availability = availability;
		this.maxConnections = maxConnections;
	}

	@EventListener
	void listening(TcpConnectionServerListeningEvent event) {
		String port = String.valueOf(event.getPort());
		this.meters = new Meters(this.registry, port, this.connections);
		// what an alert needs beside the counters: the limit, zombies, and whether a drain is on
		Gauge.builder("echo.connections.max", () -> this.maxConnections)
			.description("Most connections served at once (echo.server.max-connections)")
			.tag("port", port)
			.register(this.registry);
		Gauge.builder("echo.connections.zombies", this.connections, (connections) -> connections.zombies().size())
			.description("Connections still held after they closed; must stay 0")
			.tag("port", port)
			.register(this.registry);
		Gauge.builder("echo.draining", this.availability,
				(availability) -> (availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) ? 1 : 0)
			.description("1 while the server refuses new traffic and drains, else 0")
			.register(this.registry);
	}


	@Override
	public void opened(Connection connection) {
		meters().opened.increment();
	}

	@Override
	public void received(Connection connection, int messages, long bytes) {
		meters().bytesReceived.increment(bytes);
	}

	@Override
	public void sent(Connection connection, int messages, long bytes, long nanos) {
		Meters current = meters();
		current.lines.increment(messages);
		current.bytesSent.increment(bytes);
		for (int i = 0; i < messages; i++) {
			current.latency.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void closed(Connection connection) {
		CloseReason reason = connection.closeReason();
		meters().closed.get((reason != null) ? reason : CloseReason.CLIENT_CLOSED).increment();
	}

	@Override
	public void rejected(InetSocketAddress peer, int limit) {
		meters().closed.get(CloseReason.REJECTED_AT_LIMIT).increment();
	}

	private Meters meters() {
		Meters current = this.meters;
		if (current == null) {
			throw new IllegalStateException("A connection before the listener was bound");
		}
		return current;
	}

	/** The meters of one bound port. */
	private static final class Meters {

		private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

		private final Counter opened;

		private final Counter lines;

		private final Counter bytesReceived;

		private final Counter bytesSent;

		private final Timer latency;

		Meters(MeterRegistry registry, String port, ConnectionRegistry connections) {
			Gauge.builder("echo.connections.active", connections, ConnectionRegistry::count)
				.description("Connections open now")
				.tag("port", port)
				.register(registry);
			for (CloseReason reason : CloseReason.values()) {
				this.closed.put(reason, Counter.builder("echo.connections.closed")
					.description("Connections closed, by reason")
					.tag("port", port)
					.tag("reason", reason.tag())
					.register(registry));
			}
			this.opened = Counter.builder("echo.connections.opened")
				.description("Connections accepted and admitted")
				.tag("port", port)
				.register(registry);
			this.lines = Counter.builder("echo.lines").description("Lines echoed").tag("port", port).register(registry);
			this.bytesReceived = Counter.builder("echo.received")
				.description("Bytes of complete messages read, framing included")
				.baseUnit("bytes")
				.tag("port", port)
				.register(registry);
			this.bytesSent = Counter.builder("echo.sent")
				.description("Bytes of echoes written, framing included")
				.baseUnit("bytes")
				.tag("port", port)
				.register(registry);
			this.latency = Timer.builder("echo.latency")
				.description("From a complete line read to its echo written")
				.tag("port", port)
				.register(registry);
		}

	}

}
