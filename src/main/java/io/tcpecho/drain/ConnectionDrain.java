package io.tcpecho.drain;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.tcpecho.connections.CloseReason;
import io.tcpecho.connections.ConnectionHandler;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.server.EchoServerConnectionFactory;
import io.tcpecho.server.EchoServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Drains the echo server when the context closes (SIGTERM): stops accepting, echoes every line
 * already received, closes each connection once it is quiet, forces the rest at the deadline.
 * Neither Spring Integration nor Boot drains TCP connections, so this does, as the first
 * lifecycle bean to stop: the web server, and with it Actuator, stops only after it.
 */
class ConnectionDrain implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionDrain.class);

	private static final long POLL_MILLIS = 20;

	private final EchoServerConnectionFactory factory;

	private final ConnectionRegistry registry;

	private final EchoServerProperties.Shutdown settings;

	private volatile boolean running;

	ConnectionDrain(EchoServerConnectionFactory factory, ConnectionRegistry registry,
			EchoServerProperties.Shutdown settings) {
		this.factory = factory;
		this.registry = registry;
		this.settings = settings;
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
		this.registry.startDraining();
		this.factory.stopAccepting();
		Map<ConnectionHandler, Long> linesAtStart = new HashMap<>();
		int forced = 0;
		logger.info("Draining {} connection(s); deadline {}", this.registry.handlers().size(), this.settings.timeout());
		// polls, because "quiet for a while" is a condition of time that no event announces
		while (!this.registry.handlers().isEmpty()) {
			boolean overdue = System.nanoTime() - started > this.settings.timeout().toNanos();
			for (ConnectionHandler handler : this.registry.handlers()) {
				linesAtStart.putIfAbsent(handler, handler.linesOut());
				if (overdue) {
					forced += forceClose(handler) ? 1 : 0;
				}
				else if (isQuiet(handler)) {
					closeGracefully(handler);
				}
			}
			if (overdue) {
				break;
			}
			sleep();
		}
		long echoed = linesAtStart.entrySet().stream().mapToLong((e) -> e.getKey().linesOut() - e.getValue()).sum();
		logger.atInfo()
			.addKeyValue("event", "drain-finished")
			.addKeyValue("connectionsDrained", linesAtStart.size() - forced)
			.addKeyValue("linesEchoedDuringDrain", echoed)
			.addKeyValue("connectionsForced", forced)
			.log("Drain finished in {} ms: {} connection(s) drained, {} line(s) echoed during the drain, {} forced",
					Duration.ofNanos(System.nanoTime() - started).toMillis(), linesAtStart.size() - forced, echoed,
					forced);
	}

	private boolean isQuiet(ConnectionHandler handler) {
		return handler.inFlight() == 0
				&& handler.lastActivity().plus(this.settings.quietPeriod()).isBefore(Instant.now());
	}

	/** Stops reading: the lines already read are answered, then the connection closes with a FIN. */
	private void closeGracefully(ConnectionHandler handler) {
		if (handler.markClosing(CloseReason.SHUTDOWN)) {
			try {
				handler.closeGracefully(CloseReason.SHUTDOWN);
			}
			catch (IOException ex) {
				handler.close();
			}
		}
	}

	private boolean forceClose(ConnectionHandler handler) {
		handler.markClosing(CloseReason.SHUTDOWN);
		if (!handler.isOpen()) {
			return false;
		}
		logger.warn("Closing busy connection from {} at the drain deadline", handler.peer());
		handler.close();
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
