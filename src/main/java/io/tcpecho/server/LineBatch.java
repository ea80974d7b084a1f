package io.tcpecho.server;

import java.util.List;

/**
 * Lines that one read brought in together: a client that pipelines sends several per segment.
 * Each is written back by Spring Integration's serializer, in order; one message carries them
 * all through the gateway, so the cost of a message is paid once per read rather than once per
 * line. A lone line stays a plain {@code byte[]} payload.
 */
public final class LineBatch {

	private final List<byte[]> lines;

	private final long payloadBytes;

	/** Takes the lines as they are, in the order they arrived, without framing; not copied. */
	LineBatch(List<byte[]> lines) {
		this.lines = lines;
		long bytes = 0;
		for (byte[] line : lines) {
			bytes += line.length;
		}
		// counted once here: the connection's handler asks on the way in and on the way out
		this.payloadBytes = bytes;
	}

	public List<byte[]> lines() {
		return this.lines;
	}

	/** The number of lines in a line payload: a {@code byte[]} or a batch; 0 for anything else. */
	public static int lineCount(Object payload) {
		if (payload instanceof byte[]) {
			return 1;
		}
		return (payload instanceof LineBatch batch) ? batch.lines.size() : 0;
	}

	/** The payload bytes, framing excluded, of a line payload; 0 for anything else. */
	public static long payloadBytes(Object payload) {
		if (payload instanceof byte[] line) {
			return line.length;
		}
		return (payload instanceof LineBatch batch) ? batch.payloadBytes : 0;
	}

}
