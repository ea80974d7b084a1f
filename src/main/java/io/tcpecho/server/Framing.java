package io.tcpecho.server;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayCrLfSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;

/**
 * How messages are delimited on the wire, each backed by Spring Integration's own serializer.
 */
public enum Framing {

	/** Lines ended by CR LF, as telnet and {@code nc -C} send them. */
	CRLF(2, '\n') {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayCrLfSerializer();
		}

		@Override
		int bufferBytesFor(int maxPayload) {
			// the serializer stores the CR before it sees the LF, and fails once the buffer is full
			return maxPayload + 2;
		}
	},

	/** Lines ended by a lone LF. */
	LF(1, '\n') {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayLfSerializer();
		}

		@Override
		int bufferBytesFor(int maxPayload) {
			return maxPayload + 1;
		}
	},

	/** A 4-byte big-endian length, then that many bytes of any value. */
	LENGTH_HEADER(4, -1) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayLengthHeaderSerializer(ByteArrayLengthHeaderSerializer.HEADER_SIZE_INT);
		}

		@Override
		int bufferBytesFor(int maxPayload) {
			return maxPayload;
		}
	};

	private final int overheadBytes;

	private final int terminator;

	Framing(int overheadBytes, int terminator) {
		this.overheadBytes = overheadBytes;
		this.terminator = terminator;
	}

	/** The byte that ends a message, or -1 where a length header delimits it. */
	public int terminator() {
		return this.terminator;
	}

	/** Bytes the framing adds to each payload on the wire. */
	public int overheadBytes() {
		return this.overheadBytes;
	}

	/** A serializer that accepts payloads of up to {@code maxPayload} bytes and no more. */
	public AbstractByteArraySerializer serializer(int maxPayload) {
		AbstractByteArraySerializer serializer = newSerializer();
		serializer.setMaxMessageSize(bufferBytesFor(maxPayload));
		return serializer;
	}

	abstract AbstractByteArraySerializer newSerializer();

	/** Spring Integration's max message size that admits exactly {@code maxPayload} bytes. */
	abstract int bufferBytesFor(int maxPayload);

}
