package io.tcpecho.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * The bytes of each benchmark line of one length: different per connection and sequence number,
 * never CR or LF, and slices of one pattern, so every echo is written and checked without a loop of its own.
 */
final class Payloads {

	private static final int LETTERS = 26;

	private final int length;

	/** The alphabet over and over: the payload of line {@code s} of connection {@code c} starts at {@link #offset}. */
	private final ByteBuf pattern;

	Payloads(int length) {
		this.length = length;
		byte[] letters = new byte[length + LETTERS];
		for (int i = 0; i < letters.length; i++) {
			letters[i] = (byte) ('a' + i % LETTERS);
		}
		this.pattern = Unpooled.wrappedBuffer(letters);
	}

	int length() {
		return this.length;
	}

	private static int offset(int connection, long sequence) {
		return (int) Math.floorMod(sequence * 31 + connection * 7L, LETTERS);
	}

	/** Writes the payload of line {@code sequence} of connection {@code connection}. */
	void write(ByteBuf out, int connection, long sequence) {
		out.writeBytes(this.pattern, offset(connection, sequence), this.length);
	}

	/** Whether {@code echoed[from..from + length)} is exactly that payload. */
	boolean matches(ByteBuf echoed, int from, int length, int connection, long sequence) {
		return length == this.length
				&& ByteBufUtil.equals(echoed, from, this.pattern, offset(connection, sequence), length);
	}

}
