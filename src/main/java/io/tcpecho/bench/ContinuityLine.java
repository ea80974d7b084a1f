package io.tcpecho.bench;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * One numbered line of a continuity run.
 *
 * @param dueNanos when it was scheduled
 * @param sentNanos when it last left
 * @param payload its bytes, without the line end
 * @param lost whether a connection that ended badly has counted it lost already
 */
record ContinuityLine(long dueNanos, long sentNanos, byte[] payload, boolean lost) {

	private static final int LETTERS = 26;

	/** Line {@code sequence} of slot {@code slot}: {@code SLOT-SEQUENCE } and then letters up to {@code size}, never CR or LF. */
	static ContinuityLine of(int slot, long sequence, int size, long dueNanos, long sentNanos) {
		byte[] number = (slot + "-" + sequence + " ").getBytes(StandardCharsets.US_ASCII);
		byte[] payload = new byte[Math.max(size, number.length)];
		System.arraycopy(number, 0, payload, 0, number.length);
		for (int i = number.length; i < payload.length; i++) {
			payload[i] = (byte) ('a' + (i + sequence) % LETTERS);
		}
		return new ContinuityLine(dueNanos, sentNanos, payload, false);
	}

	ContinuityLine sentAt(long nanos) {
		return new ContinuityLine(this.dueNanos, nanos, this.payload, this.lost);
	}

	ContinuityLine countedLost() {
		return new ContinuityLine(this.dueNanos, this.sentNanos, this.payload, true);
	}

	/** Whether {@code in[from..from + length)} is exactly this line's payload. */
	boolean isEchoedBy(ByteBuf in, int from, int length) {
		return length == this.payload.length && ByteBufUtil.equals(in, from, Unpooled.wrappedBuffer(this.payload), 0, length);
	}

}
