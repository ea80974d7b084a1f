package io.tcpecho.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.server.EchoServerProperties;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.Listener;
import io.tcpecho.udp.DatagramListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Drains every listener of the echo server when the context closes (SIGTERM): stops accepting and
 * receiving, echoes every line and datagram already received, closes each connection with a FIN once it is quiet (or busy past the quiet period), forces the rest at the deadline.
 * Neither Spring Integration nor Boot drains TCP connections, so this does, as the first
 * lifecycle bean to stop: the web server, and with it Actuator, stops only after it.
 */
class ConnectionDrain implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionDrain.class);

	private static final long POLL_MILLIS = 20;

	private final List<Listener> factories;

	private final List<DatagramListener> datagramListeners;

	private final ConnectionRegistry registry;

	private final ApplicationEventPublisher publisher;

	private final EchoServerProperties.Shutdown settings;

	private final Counter forcedConnections;

	private volatile boolean running;

	ConnectionDrain(List<Listener> factories, List<DatagramListener> datagramListeners, ConnectionRegistry registry,
			ApplicationEventPublisher publisher, EchoServerProperties.Shutdown settings, MeterRegistry meters) {
		this.factories = List.copyOf(factories);
		this.datagramListeners = List.copyOf(datagramListeners);
		this.registry = registry;
		this.publisher = publisher;
		this.settings = settings;
		this.forcedConnections = Counter.builder("echo.drain.forced")
			.description("Connections still busy at a drain's deadline, and closed")
			.baseUnit("connections")
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		long started = System.nanoTime();
		// a web context says so at close already; a context without a web server does not
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		this.factories.forEach(Listener::stopAccepting);
		this.datagramListeners.forEach(DatagramListener::stopReceiving);
		Map<Connection, Long> linesAtStart = new HashMap<>();
		int forced = 0;
		logger.info("Draining {} connection(s) and {} datagram(s); deadline {}", this.registry.connections().size(),
				datagramsPending(), this.settings.timeout());
		// polls, because "quiet for a while" is a condition of time that no event announces
		while (!this.registry.connections().isEmpty() || datagramsPending() > 0) {
			long draining = System.nanoTime() - started;
			boolean overdue = draining > this.settings.timeout().toNanos();
			boolean waitedQuietPeriod = draining > this.settings.quietPeriod().toNanos();
			for (Connection connection : this.registry.connections()) {
				linesAtStart.putIfAbsent(connection, connection.traffic().linesOut());
				if (overdue) {
					forced += forceClose(connection) ? 1 : 0;
				}
				else if (isReady(connection, waitedQuietPeriod)) {
					connection.closeGracefully(CloseReason.SHUTDOWN);
				}
			}
			if (overdue) {
				break;
			}
			sleep();
		}
		long echoed = linesAtStart.entrySet().stream().mapToLong((e) -> e.getKey().traffic().linesOut() - e.getValue()).sum();
		logger.atInfo()
			.addKeyValue("event", "drain-finished")
			.addKeyValue("connectionsDrained", linesAtStart.size() - forced)
			.addKeyValue("linesEchoedDuringDrain", echoed)
			.addKeyValue("connectionsForced", forced)
			.log("Drain finished in {} ms: {} connection(s) drained, {} line(s) echoed during the drain, {} forced",
					Duration.ofNanos(System.nanoTime() - started).toMillis(), linesAtStart.size() - forced, echoed,
					forced);
	}

	/** Datagrams received before the drain and not yet answered: those a latency fault delays. */
	private int datagramsPending() {
		return this.datagramListeners.stream().mapToInt(DatagramListener::pending).sum();
	}

	/**
	 * Nothing in flight, and quiet for the quiet period or the drain has run that long: a client that
	 * never pauses is closed then too, and its FIN says which lines to send again; never a
	 * connection a fault holds, which waits for the deadline.
	 */
	private boolean isReady(Connection connection, boolean waitedQuietPeriod) {
		return !connection.isHeld() && connection.traffic().inFlight() == 0 && (waitedQuietPeriod
				|| connection.traffic().lastActivity().plus(this.settings.quietPeriod()).isBefore(Instant.now()));
	}

	private boolean forceClose(Connection connection) {
		if (!connection.isOpen()) {
			return false;
		}
		logger.warn("Closing busy connection from {} at the drain deadline", connection.peer());
		this.forcedConnections.increment();
		connection.close(CloseReason.SHUTDOWN);
		return true;
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The first to stop: before the web server's graceful shutdown (DEFAULT_PHASE - 1024). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
