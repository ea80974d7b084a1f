package io.tcpecho.connections;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.tcpecho.transport.Connection;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Reads every open connection's TCP_INFO every {@code echo.connections.tcp-info-interval}, each on
 * its own event loop, so that RTT and retransmits show while long-lived connections are still open.
 */
class TcpInfoSampler implements SmartLifecycle {

	private final ConnectionRegistry registry;

	private final EchoMeters meters;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	TcpInfoSampler(ConnectionRegistry registry, EchoMeters meters, Duration interval) {
		this.registry = registry;
		this.meters = meters;
		this.interval = interval;
	}

	@Override
	public void start() {
		if (this.interval.isZero() || this.interval.isNegative()) {
			return;
		}
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("tcp-info-"));
		started.scheduleWithFixedDelay(this::sample, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.scheduler = started;
	}

	private void sample() {
		for (Connection connection : this.registry.connections()) {
			connection.sampleTcpInfo((info) -> this.meters.sampled(connection, info));
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService started = this.scheduler;
		if (started != null) {
			started.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
