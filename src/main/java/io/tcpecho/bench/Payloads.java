package io.tcpecho.bench;

import java.util.Arrays;

/**
 * The bytes of each benchmark line: different per connection and sequence number, never CR or
 * LF, and cheap to regenerate, so every echo can be checked byte for byte.
 */
final class Payloads {

	private Payloads() {
	}

	/** Writes the payload of line {@code sequence} of connection {@code connection} into {@code into}. */
	static void fill(byte[] into, int connection, long sequence) {
		long seed = sequence * 31 + connection * 7L;
		for (int i = 0; i < into.length; i++) {
			into[i] = (byte) ('a' + (int) ((seed + i) % 26));
		}
	}

	/** Whether {@code echoed[from..from + length)} is exactly that payload. */
	static boolean matches(byte[] echoed, int from, int length, byte[] expected, int connection, long sequence) {
		if (length != expected.length) {
			return false;
		}
		fill(expected, connection, sequence);
		return Arrays.equals(echoed, from, from + length, expected, 0, length);
	}

}
