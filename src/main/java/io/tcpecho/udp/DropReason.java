package io.tcpecho.udp;

import java.util.Locale;

/**
 * Why a datagram received was not echoed: the {@code reason} tag of {@code echo.datagrams.dropped}.
 */
public enum DropReason {

	/** Larger than max-datagram-size, or cut short by the kernel: never echoed cut short. */
	TOO_LARGE,
	/** A drop fault. */
	FAULT_DROP,
	/** A blackhole fault: every datagram of its flow. */
	FAULT_BLACKHOLE,
	/** Received after the drain began. */
	DRAINING,
	/** The kernel refused the echo. */
	SEND_FAILED;

	/** Lower-case, hyphenated name, as used in logs and tags. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
