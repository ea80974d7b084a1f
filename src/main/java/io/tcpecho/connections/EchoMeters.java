package io.tcpecho.connections;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The echo server's meters, all tagged with the listener's port. Meters are registered once,
 * so the per-line path only increments. Boot's
 * {@code management.metrics.distribution.percentiles-histogram.echo.latency=true} adds the
 * latency histogram.
 */
class EchoMeters {

	private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

	private final Counter opened;

	private final Counter lines;

	private final Counter bytesReceived;

	private final Counter bytesSent;

	private final Timer latency;

	EchoMeters(MeterRegistry registry, int port, Supplier<Number> active) {
		String portTag = String.valueOf(port);
		Gauge.builder("echo.connections.active", active)
			.description("Connections open now")
			.tag("port", portTag)
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			this.closed.put(reason, Counter.builder("echo.connections.closed")
				.description("Connections closed, by reason")
				.tag("port", portTag)
				.tag("reason", reason.tag())
				.register(registry));
		}
		this.opened = Counter.builder("echo.connections.opened")
			.description("Connections accepted")
			.tag("port", portTag)
			.register(registry);
		this.lines = Counter.builder("echo.lines")
			.description("Lines echoed")
			.tag("port", portTag)
			.register(registry);
		this.bytesReceived = Counter.builder("echo.bytes.received")
			.description("Bytes of complete messages read, framing included")
			.baseUnit("bytes")
			.tag("port", portTag)
			.register(registry);
		this.bytesSent = Counter.builder("echo.bytes.sent")
			.description("Bytes of echoes written, framing included")
			.baseUnit("bytes")
			.tag("port", portTag)
			.register(registry);
		this.latency = Timer.builder("echo.latency")
			.description("From a complete line read to its echo written")
			.tag("port", portTag)
			.register(registry);
	}

	void opened() {
		this.opened.increment();
	}

	void closed(CloseReason reason) {
		this.closed.get(reason).increment();
	}

	void received(long bytes) {
		this.bytesReceived.increment(bytes);
	}

	/** Lines answered together, each taking {@code nanos} from its read to its echo. */
	void echoed(int lines, long bytes, long nanos) {
		this.lines.increment(lines);
		this.bytesSent.increment(bytes);
		for (int i = 0; i < lines; i++) {
			this.latency.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

}
