package io.tcpecho.udp;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A UDP listener's meters, tagged with its name and bound port, read from what it counted.
 */
final class DatagramMeters {

	private DatagramMeters() {
	}

	static void register(MeterRegistry registry, DatagramListener listener) {
		Tags tags = Tags.of("listener", listener.name(), "port", String.valueOf(listener.port()));
		DatagramStats stats = listener.stats();
		FunctionCounter.builder("echo.datagrams.received", stats, DatagramStats::received)
			.description("Datagrams received")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("echo.datagrams.sent", stats, DatagramStats::sent)
			.description("Datagrams echoed (a duplicate fault counts each copy)")
			.tags(tags)
			.register(registry);
		for (DropReason reason : DropReason.values()) {
			FunctionCounter.builder("echo.datagrams.dropped", stats, (counted) -> counted.dropped(reason))
				.description("Datagrams received and not echoed, by reason")
				.tags(tags)
				.tag("reason", reason.tag())
				.register(registry);
		}
		FunctionCounter.builder("echo.received", stats, DatagramStats::bytesReceived)
			.description("Bytes of complete messages read, framing included")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("echo.sent", stats, DatagramStats::bytesSent)
			.description("Bytes of echoes written, framing included")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
		Gauge.builder("echo.datagram.flows", listener, DatagramListener::flowCount)
			.description("UDP flows seen within the flow timeout")
			.tags(tags)
			.register(registry);
	}

}
