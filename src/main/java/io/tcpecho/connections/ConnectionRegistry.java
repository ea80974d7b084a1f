package io.tcpecho.connections;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.server.EchoServerConnectionFactory;
import io.tcpecho.server.EchoServerProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionCloseEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpConnectionOpenEvent;

/**
 * Every live connection's handler, kept from Spring Integration's open event until its close
 * event reaps it; logs and counts each open and close.
 */
public class ConnectionRegistry implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionRegistry.class);

	private final Map<String, ConnectionHandler> handlers = new ConcurrentHashMap<>();

	private static final Duration REJECTION_WARNING_INTERVAL = Duration.ofSeconds(10);

	private final AtomicLong reaped = new AtomicLong();

	/** Connections counted against the limit: open and not rejected. */
	private final AtomicInteger admitted = new AtomicInteger();

	private final AtomicLong rejectedSinceWarning = new AtomicLong();

	private final AtomicLong lastRejectionWarning = new AtomicLong(System.nanoTime() - REJECTION_WARNING_INTERVAL.toNanos());

	private final EchoServerConnectionFactory factory;

	private final MeterRegistry meterRegistry;

	private final EchoServerProperties properties;

	private volatile @Nullable EchoMeters meters;

	private volatile boolean running;

	private volatile boolean draining;

	ConnectionRegistry(EchoServerConnectionFactory factory, MeterRegistry meterRegistry,
			EchoServerProperties properties) {
		this.factory = factory;
		this.meterRegistry = meterRegistry;
		this.properties = properties;
	}

	/** The meters, tagged with the bound port; the first connection may arrive before {@link #start()}. */
	EchoMeters meters() {
		EchoMeters current = this.meters;
		if (current == null) {
			synchronized (this) {
				current = this.meters;
				if (current == null) {
					current = new EchoMeters(this.meterRegistry, this.factory.getPort(), this.handlers::size);
					this.meters = current;
				}
			}
		}
		return current;
	}

	@EventListener
	void opened(TcpConnectionOpenEvent event) {
		ConnectionHandler handler = handler(event);
		if (handler == null) {
			return;
		}
		this.handlers.put(handler.getConnectionId(), handler);
		meters().opened();
		if (this.admitted.incrementAndGet() > this.properties.maxConnections()) {
			reject(handler);
			return;
		}
		logger.atInfo()
			.addKeyValue("event", "connection-opened")
			.addKeyValue("peer", handler.peer())
			.addKeyValue("connectionId", handler.getConnectionId())
			.log("Connection opened from {}", handler.peer());
	}

	@EventListener
	void failed(TcpConnectionExceptionEvent event) {
		ConnectionHandler handler = handler(event);
		if (handler == null) {
			return;
		}
		CloseReason reason = CloseReason.of(event.getCause());
		if (!handler.markClosing(reason)) {
			return; // we closed it ourselves, for the reason already recorded
		}
		switch (reason) {
			case LINE_TOO_LONG -> logger.warn(
					"Closing connection from {}: line longer than {} bytes (echo.server.max-line-length)",
					handler.peer(), this.properties.maxPayloadBytes());
			case ERROR -> logger.warn("Closing connection from {}: {}", handler.peer(), event.getCause().getMessage());
			default -> {
				// the close line says it
			}
		}
	}

	@EventListener
	void closed(TcpConnectionCloseEvent event) {
		ConnectionHandler handler = handler(event);
		if (handler == null || this.handlers.remove(handler.getConnectionId()) == null) {
			return;
		}
		this.reaped.incrementAndGet();
		CloseReason reason = (handler.closeReason() != null) ? handler.closeReason() : CloseReason.CLIENT_CLOSED;
		meters().closed(reason);
		if (reason == CloseReason.REJECTED_AT_LIMIT) {
			return; // reported by the rate-limited warning instead
		}
		this.admitted.decrementAndGet();
		Duration duration = Duration.between(handler.openedAt(), Instant.now());
		logger.atInfo()
			.addKeyValue("event", "connection-closed")
			.addKeyValue("peer", handler.peer())
			.addKeyValue("connectionId", handler.getConnectionId())
			.addKeyValue("durationMs", duration.toMillis())
			.addKeyValue("linesIn", handler.linesIn())
			.addKeyValue("linesOut", handler.linesOut())
			.addKeyValue("bytesIn", handler.bytesIn())
			.addKeyValue("bytesOut", handler.bytesOut())
			.addKeyValue("reason", reason.tag())
			.log("Connection closed from {} after {} ms: {} lines, {} bytes in, {} bytes out, {}", handler.peer(),
					duration.toMillis(), handler.linesOut(), handler.bytesIn(), handler.bytesOut(), reason.tag());
	}

	/** Closes a connection over the limit at once, and says so at most once per interval. */
	private void reject(ConnectionHandler handler) {
		this.admitted.decrementAndGet();
		handler.markClosing(CloseReason.REJECTED_AT_LIMIT);
		handler.close();
		long rejected = this.rejectedSinceWarning.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastRejectionWarning.get();
		if (now - last >= REJECTION_WARNING_INTERVAL.toNanos() && this.lastRejectionWarning.compareAndSet(last, now)) {
			this.rejectedSinceWarning.addAndGet(-rejected);
			logger.warn("Rejected {} connection(s) over echo.server.max-connections={}, the latest from {}", rejected,
					this.properties.maxConnections(), handler.peer());
		}
	}

	private static @Nullable ConnectionHandler handler(TcpConnectionEvent event) {
		return (event.getSource() instanceof ConnectionHandler handler) ? handler : null;
	}

	/** The live handlers. */
	public Collection<ConnectionHandler> handlers() {
		return List.copyOf(this.handlers.values());
	}

	public @Nullable ConnectionHandler handler(String connectionId) {
		return this.handlers.get(connectionId);
	}

	/** Handlers reaped (removed after their connection closed) since start. */
	public long reaped() {
		return this.reaped.get();
	}

	/** From now on the server is draining: health reports OUT_OF_SERVICE. */
	public void startDraining() {
		this.draining = true;
	}

	public boolean isDraining() {
		return this.draining;
	}

	@Override
	public void start() {
		meters();
		// a restarted context serves again
		this.draining = false;
		this.running = true;
	}

	/** Stopping closes every connection: say so in the reason before the close events arrive. */
	@Override
	public void stop() {
		this.handlers.values().forEach((handler) -> handler.markClosing(CloseReason.SHUTDOWN));
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** After the listener is bound (phase 1); stops before the gateway closes the connections. */
	@Override
	public int getPhase() {
		return 2;
	}

}
