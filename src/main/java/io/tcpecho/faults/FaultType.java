package io.tcpecho.faults;

import java.util.Locale;

import io.tcpecho.transport.CloseReason;
import org.jspecify.annotations.Nullable;

/**
 * The failures a listener can play on purpose, after the boundary conditions of UNP chapter 5.
 */
public enum FaultType {

	/** Each echo delayed by {@code latency}, give or take {@code jitter}; order kept (TCP), or not (UDP). */
	LATENCY(CloseReason.FAULT_LATENCY, false, Protocols.BOTH),
	/** Echoes paced to {@code rate} bytes per second. */
	BANDWIDTH(CloseReason.FAULT_BANDWIDTH, false, Protocols.TCP),
	/** Each echo written {@code size} bytes at a time, {@code delay} apart. */
	SLICER(CloseReason.FAULT_SLICER, false, Protocols.TCP),
	/** Echoes up to the limit, then a FIN (the lingering close); writes after the linger draw an RST. */
	CLOSE(CloseReason.FAULT_CLOSE, true, Protocols.TCP),
	/** Echoes up to the limit, then an RST in answer to the client's next write, or its FIN. */
	RESET(CloseReason.FAULT_RESET, true, Protocols.TCP),
	/** Echoes up to the limit, then nothing at all: input is read and dropped (TCP); every datagram of a flow dropped (UDP). */
	BLACKHOLE(CloseReason.FAULT_BLACKHOLE, true, Protocols.BOTH),
	/** Echoes up to the limit, then the server reads no more, and the client's window fills. */
	STOP_READING(CloseReason.FAULT_STOP_READING, true, Protocols.TCP),
	/** Echoes up to the limit, then the server shuts its output and drops what it still reads. */
	HALF_CLOSE(CloseReason.FAULT_HALF_CLOSE, true, Protocols.TCP),
	/** An RST as soon as the connection is accepted. */
	RESET_ON_ACCEPT(CloseReason.FAULT_RESET_ON_ACCEPT, true, Protocols.TCP),
	/** A datagram not echoed. */
	DROP(null, false, Protocols.UDP),
	/** A datagram echoed twice. */
	DUPLICATE(null, false, Protocols.UDP),
	/** Only the first {@code bytes} bytes of a datagram echoed. */
	TRUNCATE(null, false, Protocols.UDP);

	private final @Nullable CloseReason closeReason;

	private final boolean ending;

	private final Protocols protocols;

	FaultType(@Nullable CloseReason closeReason, boolean ending, Protocols protocols) {
		this.closeReason = closeReason;
		this.ending = ending;
		this.protocols = protocols;
	}

	/** Whether it means something for a UDP listener ({@code udp}) or for a TCP one. */
	boolean appliesTo(boolean udp) {
		return this.protocols == Protocols.BOTH || (this.protocols == Protocols.UDP) == udp;
	}

	/** The close reason of a connection this fault hits; TCP types only. */
	CloseReason closeReason() {
		if (this.closeReason == null) {
			throw new IllegalStateException("A " + tag() + " fault closes no connection");
		}
		return this.closeReason;
	}

	/** Whether it ends the echo at some point, rather than changing how echoes are written. */
	boolean isEnding() {
		return this.ending;
	}

	private enum Protocols {

		TCP, UDP, BOTH

	}

	/** Lower-case, hyphenated name, as in configuration, logs and tags. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
