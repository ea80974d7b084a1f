package io.tcpecho.connections;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionListener;
import io.tcpecho.transport.Listener;
import io.tcpecho.transport.ListenerStats;
import io.tcpecho.transport.TcpInfo;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

/**
 * Each listener's meters, tagged with its name and the port it is bound to: registered when it
 * starts listening, before it accepts, so the per-line path only looks them up and increments.
 */
class EchoMeters implements ConnectionListener {

	private final MeterRegistry registry;

	private final ConnectionRegistry connections;

	private final Map<String, Meters> meters = new ConcurrentHashMap<>();

	/** Each open connection's retransmits as last counted, so that the counter grows while it is open. */
	private final Map<Connection, Long> retransmitsCounted = new ConcurrentHashMap<>();

	EchoMeters(MeterRegistry registry, ConnectionRegistry connections, ApplicationAvailability availability) {
		this.registry = registry;
		this.connections = connections;
		// one for the server, not one per listener
		Gauge.builder("echo.draining", availability,
				(state) -> (state.getReadinessState() == ReadinessState.REFUSING_TRAFFIC) ? 1 : 0)
			.description("1 while the server refuses new traffic and drains, else 0")
			.register(registry);
	}

	@Override
	public void listening(Listener bound) {
		String listener = bound.name();
		String port = String.valueOf(bound.getPort());
		this.meters.put(listener, new Meters(this.registry, bound, port, this.connections));
		// what an alert needs beside the counters: the limit and the zombies
		int max = bound.maxConnections();
		Gauge.builder("echo.connections.max", () -> max)
			.description("Most connections served at once (max-connections)")
			.tag("listener", listener)
			.tag("port", port)
			.register(this.registry);
		Gauge.builder("echo.connections.zombies", this.connections,
				(connections) -> connections.zombies().stream().filter((c) -> c.listener().equals(listener)).count())
			.description("Connections still held after they closed; must stay 0")
			.tag("listener", listener)
			.tag("port", port)
			.register(this.registry);
	}

	@Override
	public void opened(Connection connection) {
		meters(connection.listener()).opened.increment();
	}

	@Override
	public void handshaken(Connection connection, Duration took) {
		meters(connection.listener()).tlsHandshake.record(took);
	}

	@Override
	public void closed(Connection connection) {
		CloseReason reason = connection.closeReason();
		Meters meters = meters(connection.listener());
		meters.closed.get((reason != null) ? reason : CloseReason.CLIENT_CLOSED).increment();
		meters.duration.record(Duration.between(connection.openedAt(), Instant.now()));
		TcpInfo last = connection.lastTcpInfo();
		if (last != null) {
			sampled(connection, last);
		}
		this.retransmitsCounted.remove(connection);
	}

	/** A reading of TCP_INFO, from the sampler or at close: one RTT sample, and the retransmits since the last. */
	void sampled(Connection connection, TcpInfo info) {
		Meters meters = meters(connection.listener());
		meters.rtt.record(info.rttMicros(), TimeUnit.MICROSECONDS);
		Long before = this.retransmitsCounted.put(connection, info.totalRetransmits());
		long added = info.totalRetransmits() - ((before != null) ? before : 0);
		if (added > 0) {
			meters.retransmits.increment(added);
		}
	}

	@Override
	public void rejected(String listener, InetSocketAddress peer, int limit) {
		meters(listener).closed.get(CloseReason.REJECTED_AT_LIMIT).increment();
	}

	private Meters meters(String listener) {
		Meters current = this.meters.get(listener);
		if (current == null) {
			throw new IllegalStateException("A connection before listener " + listener + " was bound");
		}
		return current;
	}

	/** The meters of one listener. */
	private static final class Meters {

		private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

		private final Counter opened;

		private final Timer duration;

		private final Timer rtt;

		private final Counter retransmits;

		private final Timer tlsHandshake;

		Meters(MeterRegistry registry, Listener bound, String port, ConnectionRegistry connections) {
			String listener = bound.name();
			Tags tags = Tags.of("listener", listener, "port", port);
			Gauge.builder("echo.connections.active", connections, (registered) -> registered.count(listener))
				.description("Connections open now")
				.tags(tags)
				.register(registry);
			for (CloseReason reason : CloseReason.values()) {
				this.closed.put(reason, Counter.builder("echo.connections.closed")
					.description("Connections closed, by reason")
					.tags(tags)
					.tag("reason", reason.tag())
					.register(registry));
			}
			this.opened = Counter.builder("echo.connections.opened")
				.description("Connections accepted and admitted")
				.tags(tags)
				.register(registry);
			this.duration = Timer.builder("echo.connection.duration")
				.description("How long connections lived, from accept to close")
				.tags(tags)
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofMillis(1))
				.maximumExpectedValue(Duration.ofDays(1))
				.register(registry);
			this.rtt = Timer.builder("echo.connection.rtt")
				.description("Smoothed round-trip time of open connections (TCP_INFO), sampled every "
						+ "echo.connections.tcp-info-interval and at close; epoll and io_uring only")
				.tags(tags)
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofNanos(10_000))
				.maximumExpectedValue(Duration.ofSeconds(10))
				.register(registry);
			this.retransmits = Counter.builder("echo.retransmitted.segments")
				.description("TCP segments retransmitted (TCP_INFO), counted while connections are open; epoll and io_uring only")
				.tags(tags)
				.register(registry);
			this.tlsHandshake = Timer.builder("echo.tls.handshake")
				.description("From accept to a completed TLS handshake")
				.tags(tags)
				.publishPercentileHistogram()
				.minimumExpectedValue(Duration.ofNanos(100_000))
				.maximumExpectedValue(Duration.ofSeconds(10))
				.register(registry);
			// read from what the transport counted, not told per line
			ListenerStats stats = bound.stats();
			FunctionCounter.builder("echo.lines", stats, ListenerStats::linesEchoed)
				.description("Lines echoed")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("echo.received", stats, ListenerStats::bytesReceived)
				.description("Bytes of complete messages read, framing included")
				.baseUnit("bytes")
				.tags(tags)
				.register(registry);
			FunctionCounter.builder("echo.sent", stats, ListenerStats::bytesSent)
				.description("Bytes of echoes written, framing included")
				.baseUnit("bytes")
				.tags(tags)
				.register(registry);
			Timer latency = Timer.builder("echo.latency")
				.description("From a complete line read to its echo written")
				.tags(tags)
				.register(registry);
			stats.recordLatency((nanos, lines) -> {
				for (int i = 0; i < lines; i++) {
					latency.record(nanos, TimeUnit.NANOSECONDS);
				}
			});
		}

	}

}
