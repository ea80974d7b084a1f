package io.tcpecho.transport;

import java.util.List;

/**
 * The whole messages that one read brought in, in arrival order and without their framing: the
 * payload of every message a connection hands to Spring Integration, and of every reply it writes.
 *
 * @param payloads the messages' bytes, not copied
 * @param wireBytes the bytes they take on the wire, framing included
 * @param unterminated whether the last payload is the rest of the input after the last line
 * terminator, which is written back as it came, without one
 */
public record Frames(List<byte[]> payloads, long wireBytes, boolean unterminated) {

	/** Whole messages. */
	public Frames(List<byte[]> payloads, long wireBytes) {
		this(payloads, wireBytes, false);
	}

	/** One message, as it would be framed by {@code framing}. */
	public static Frames of(byte[] payload, Framing framing) {
		return new Frames(List.of(payload), payload.length + (long) framing.overheadBytes());
	}

	/** The bytes after the last terminator when the input ended, to be written back as they are. */
	static Frames tail(byte[] rest) {
		return new Frames(List.of(rest), rest.length, true);
	}

	/** The first {@code n} messages, as they are framed by {@code framing}. */
	public Frames first(int n, Framing framing) {
		long wire = 0;
		for (int i = 0; i < n; i++) {
			boolean tail = this.unterminated && i == this.payloads.size() - 1;
			wire += this.payloads.get(i).length + (tail ? 0 : framing.overheadBytes());
		}
		return new Frames(this.payloads.subList(0, n), wire, this.unterminated && n == this.payloads.size());
	}

	/** How many messages. */
	public int count() {
		return this.payloads.size();
	}

}
