package io.tcpecho.transport;

import java.util.List;

/**
 * The whole messages that one read brought in, in arrival order and without their framing: the
 * payload of every message a connection hands to Spring Integration, and of every reply it writes.
 *
 * @param payloads the messages' bytes, not copied
 * @param wireBytes the bytes they take on the wire, framing included
 */
public record Frames(List<byte[]> payloads, long wireBytes) {

	/** One message, as it would be framed by {@code framing}. */
	public static Frames of(byte[] payload, Framing framing) {
		return new Frames(List.of(payload), payload.length + (long) framing.overheadBytes());
	}

	/** How many messages. */
	public int count() {
		return this.payloads.size();
	}

}
