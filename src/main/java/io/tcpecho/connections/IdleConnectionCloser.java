package io.tcpecho.connections;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Closes, with a FIN, each connection that has neither sent a complete line nor been sent an
 * echo for {@code echo.server.idle-timeout}, sweeping on Spring's task scheduler.
 * <p>
 * A sweep over the registry rather than a timer in each connection (Netty's idle handler, or the
 * socket read timeout of blocking connections): it needs nothing from the transport, costs
 * nothing per read, and sees activity as the registry counts it, a complete line in or an echo
 * out, so a client trickling a line byte by byte is idle too.
 */
class IdleConnectionCloser implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(IdleConnectionCloser.class);

	private static final Duration MIN_SWEEP_INTERVAL = Duration.ofMillis(50);

	private static final Duration MAX_SWEEP_INTERVAL = Duration.ofSeconds(30);

	private final ConnectionRegistry registry;

	private final TaskScheduler scheduler;

	private final Duration idleTimeout;

	private volatile @Nullable ScheduledFuture<?> sweeps;

	IdleConnectionCloser(ConnectionRegistry registry, TaskScheduler scheduler, Duration idleTimeout) {
		this.registry = registry;
		this.scheduler = scheduler;
		this.idleTimeout = idleTimeout;
	}

	/** A tenth of the timeout, so a connection goes at most 10% past it; within bounds. */
	static Duration sweepInterval(Duration idleTimeout) {
		Duration tenth = idleTimeout.dividedBy(10);
		if (tenth.compareTo(MIN_SWEEP_INTERVAL) < 0) {
			return MIN_SWEEP_INTERVAL;
		}
		return (tenth.compareTo(MAX_SWEEP_INTERVAL) > 0) ? MAX_SWEEP_INTERVAL : tenth;
	}

	void closeIdleConnections() {
		Instant idleSince = Instant.now().minus(this.idleTimeout);
		for (ConnectionHandler handler : this.registry.handlers()) {
			if (handler.inFlight() == 0 && handler.lastActivity().isBefore(idleSince)
					&& handler.markClosing(CloseReason.IDLE_TIMEOUT)) {
				try {
					handler.closeGracefully(CloseReason.IDLE_TIMEOUT);
				}
				catch (IOException ex) {
					logger.debug("Could not shut down the input of idle connection {}", handler.peer(), ex);
					handler.close();
				}
			}
		}
	}

	@Override
	public void start() {
		if (!this.idleTimeout.isZero() && !this.idleTimeout.isNegative()) {
			this.sweeps = this.scheduler.scheduleWithFixedDelay(this::closeIdleConnections,
					sweepInterval(this.idleTimeout));
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> current = this.sweeps;
		if (current != null) {
			current.cancel(false);
		}
		this.sweeps = null;
	}

	@Override
	public boolean isRunning() {
		return this.sweeps != null;
	}

}
