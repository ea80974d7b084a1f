package io.tcpecho.faults;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One fault of a listener, as configured ({@code echo.server.faults[N].*} or
 * {@code echo.listeners.NAME.faults[N].*}).
 *
 * @param type on a tcp listener latency, bandwidth, slicer, close, reset, blackhole, stop-reading,
 * half-close or reset-on-accept; on a udp listener drop, duplicate, latency, truncate or blackhole.
 * @param probability chance, from 0 to 1, that the fault hits: decided once per connection (TCP),
 * per datagram (UDP), or per flow (UDP blackhole).
 * @param seed seeds those decisions, so that a run can be repeated.
 * @param latency latency: the delay of each echo.
 * @param jitter latency: at most this much more or less, at random.
 * @param rate bandwidth: bytes of echoes per second.
 * @param size slicer: bytes per write.
 * @param delay slicer: the pause between two writes.
 * @param afterLines close, reset, blackhole, stop-reading, half-close: lines echoed before the fault acts.
 * @param afterBytes close, reset: bytes of echoes written before the fault acts, instead of lines.
 * @param bytes truncate: how many of a datagram's first bytes are echoed.
 */
public record FaultProperties(
		FaultType type,
		@DefaultValue("1") double probability,
		@Nullable Long seed,
		@DefaultValue("0ms") Duration latency,
		@DefaultValue("0ms") Duration jitter,
		@Nullable DataSize rate,
		@Nullable DataSize size,
		@DefaultValue("0ms") Duration delay,
		@Nullable Long afterLines,
		@Nullable Long afterBytes,
		@Nullable Integer bytes) {

	/**
	 * The fault the transport plays.
	 * @throws IllegalArgumentException when a parameter its type needs is missing or out of range
	 */
	Fault toFault() {
		return new Fault(this.type, this.probability, this.seed, this.latency, this.jitter,
				(this.rate != null) ? this.rate.toBytes() : 0,
				(this.size != null) ? Math.toIntExact(this.size.toBytes()) : 0, this.delay, this.afterLines,
				this.afterBytes, this.bytes);
	}

}
