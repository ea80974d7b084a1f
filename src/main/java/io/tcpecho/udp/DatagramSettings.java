package io.tcpecho.udp;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a UDP listener is configured with.
 *
 * @param name the listener's name
 * @param prefix the prefix of its properties, for messages
 * @param port the port to bind; 0 picks a free one
 * @param bindAddress the address to bind, or null for every interface
 * @param maxDatagramSize the largest datagram echoed, in bytes
 * @param receiveBufferSize SO_RCVBUF in bytes, or 0 for the kernel's default
 * @param flowTimeout how long a flow is remembered after its last datagram
 * @param maxFlows the most flows remembered
 */
public record DatagramSettings(String name, String prefix, int port, @Nullable String bindAddress,
		int maxDatagramSize, int receiveBufferSize, Duration flowTimeout, int maxFlows) {

	public DatagramSettings {
		require(maxDatagramSize >= 0 && maxDatagramSize <= 65527, prefix + ".max-datagram-size must be between 0 and 65527 bytes");
		require(maxFlows > 0, prefix + ".max-flows must be at least 1");
		require(!flowTimeout.isNegative() && !flowTimeout.isZero(), prefix + ".flow-timeout must be positive");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
