package io.tcpecho.server;

import java.nio.ByteBuffer;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayCrLfSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;

/**
 * How messages are delimited on the wire, each backed by Spring Integration's own serializer.
 */
public enum Framing {

	/** Lines ended by CR LF, as telnet and {@code nc -C} send them. */
	CRLF(2) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayCrLfSerializer();
		}

		@Override
		boolean startsWithMessage(byte[] bytes, int from, int to) {
			for (int i = from + 1; i < to; i++) {
				if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
					return true;
				}
			}
			return false;
		}

		@Override
		int bufferBytesFor(int maxPayload) {
			// the serializer stores the CR before it sees the LF, and fails once the buffer is full
			return maxPayload + 2;
		}
	},

	/** Lines ended by a lone LF. */
	LF(1) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayLfSerializer();
		}

		@Override
		boolean startsWithMessage(byte[] bytes, int from, int to) {
			for (int i = from; i < to; i++) {
				if (bytes[i] == '\n') {
					return true;
				}
			}
			return false;
		}

		@Override
		int bufferBytesFor(int maxPayload) {
			return maxPayload + 1;
		}
	},

	/** A 4-byte big-endian length, then that many bytes of any value. */
	LENGTH_HEADER(4) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayLengthHeaderSerializer(ByteArrayLengthHeaderSerializer.HEADER_SIZE_INT);
		}

		@Override
		boolean startsWithMessage(byte[] bytes, int from, int to) {
			if (to - from < 4) {
				return false;
			}
			int length = ByteBuffer.wrap(bytes, from, 4).getInt();
			// a negative length is complete in the sense that reading it fails without waiting
			return length < 0 || to - from - 4 >= length;
		}

		@Override
		int bufferBytesFor(int maxPayload) {
			return maxPayload;
		}
	};

	private final int overheadBytes;

	Framing(int overheadBytes) {
		this.overheadBytes = overheadBytes;
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

	/**
	 * Whether {@code bytes[from, to)} begins with a whole message, framing included, so that
	 * the deserializer can read it without waiting for the network. Says nothing about its size.
	 */
	abstract boolean startsWithMessage(byte[] bytes, int from, int to);

	/** Spring Integration's max message size that admits exactly {@code maxPayload} bytes. */
	abstract int bufferBytesFor(int maxPayload);

}
