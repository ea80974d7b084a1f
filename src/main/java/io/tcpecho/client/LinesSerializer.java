package io.tcpecho.client;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.core.serializer.Serializer;

/**
 * Frames {@link Lines} one by one with the client's serializer, so that a batch goes out in one
 * send, which the connection flushes once, rather than a send and a write per line.
 */
final class LinesSerializer implements Serializer<Object> {

	private final Serializer<byte[]> framing;

	LinesSerializer(Serializer<byte[]> framing) {
		this.framing = framing;
	}

	@Override
	public void serialize(Object payload, OutputStream out) throws IOException {
		if (!(payload instanceof Lines batch)) {
			this.framing.serialize((byte[]) payload, out);
			return;
		}
		for (byte[] line : batch.lines()) {
			this.framing.serialize(line, out);
		}
	}

}
