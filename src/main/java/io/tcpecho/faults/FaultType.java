package io.tcpecho.faults;

import java.util.Locale;

import io.tcpecho.transport.CloseReason;

/**
 * The failures a listener can play on purpose, after the boundary conditions of UNP chapter 5.
 */
public enum FaultType {

	/** Each echo delayed by {@code latency}, give or take {@code jitter}; order kept. */
	LATENCY(CloseReason.FAULT_LATENCY, false),
	/** Echoes paced to {@code rate} bytes per second. */
	BANDWIDTH(CloseReason.FAULT_BANDWIDTH, false),
	/** Each echo written {@code size} bytes at a time, {@code delay} apart. */
	SLICER(CloseReason.FAULT_SLICER, false),
	/** Echoes up to the limit, then a FIN (the lingering close); writes after the linger draw an RST. */
	CLOSE(CloseReason.FAULT_CLOSE, true),
	/** Echoes up to the limit, then an RST in answer to the client's next write, or its FIN. */
	RESET(CloseReason.FAULT_RESET, true),
	/** Echoes up to the limit, then nothing at all: input is read and dropped. */
	BLACKHOLE(CloseReason.FAULT_BLACKHOLE, true),
	/** Echoes up to the limit, then the server reads no more, and the client's window fills. */
	STOP_READING(CloseReason.FAULT_STOP_READING, true),
	/** Echoes up to the limit, then the server shuts its output and drops what it still reads. */
	HALF_CLOSE(CloseReason.FAULT_HALF_CLOSE, true),
	/** An RST as soon as the connection is accepted. */
	RESET_ON_ACCEPT(CloseReason.FAULT_RESET_ON_ACCEPT, true);

	private final CloseReason closeReason;

	private final boolean ending;

	FaultType(CloseReason closeReason, boolean ending) {
		this.closeReason = closeReason;
		this.ending = ending;
	}

	/** The close reason of a connection this fault hits. */
	CloseReason closeReason() {
		return this.closeReason;
	}

	/** Whether it ends the echo at some point, rather than changing how echoes are written. */
	boolean isEnding() {
		return this.ending;
	}

	/** Lower-case, hyphenated name, as in configuration, logs and tags. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
