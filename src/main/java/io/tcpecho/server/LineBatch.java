package io.tcpecho.server;

import java.util.List;

/**
 * Lines that one read brought in together: a client that pipelines sends several per segment.
 * Each was read by Spring Integration's deserializer, and each is written back by its
 * serializer, in order; one message carries them all through the gateway, so the cost of a
 * message is paid once per read rather than once per line. A lone line stays a plain
 * {@code byte[]} payload.
 * @param lines the payloads, without framing, in the order they arrived
 */
public record LineBatch(List<byte[]> lines) {

	public LineBatch {
		lines = List.copyOf(lines);
	}

	/** The number of lines in a line payload: a {@code byte[]} or a batch; 0 for anything else. */
	public static int lineCount(Object payload) {
		if (payload instanceof byte[]) {
			return 1;
		}
		return (payload instanceof LineBatch batch) ? batch.lines().size() : 0;
	}

	/** The payload bytes, framing excluded, of a line payload; 0 for anything else. */
	public static long payloadBytes(Object payload) {
		if (payload instanceof byte[] line) {
			return line.length;
		}
		long bytes = 0;
		if (payload instanceof LineBatch batch) {
			for (byte[] line : batch.lines()) {
				bytes += line.length;
			}
		}
		return bytes;
	}

}
