package io.tcpecho.transport;

import io.netty.buffer.ByteBuf;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayCrLfSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;

/**
 * How messages are delimited on the wire: Spring Integration's serializer writes every reply, and
 * {@link #messageEnd} finds where a message ends on the read buffer with that serializer's limits.
 */
public enum Framing {

	/** Lines ended by CR LF, as telnet and {@code nc -C} send them. */
	CRLF(2, 0) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayCrLfSerializer();
		}

		@Override
		int messageEnd(ByteBuf in, int searched, int maxMessageSize) {
			int from = in.readerIndex();
			int to = in.writerIndex();
			// an LF ends a line only after a CR, so the first byte cannot end one
			for (int i = from + Math.max(searched, 1); i < to; i++) {
				i = in.indexOf(i, to, (byte) '\n');
				if (i < 0) {
					break;
				}
				if (in.getByte(i - 1) == '\r') {
					return (i + 1 - from <= maxMessageSize) ? i + 1 : REFUSED;
				}
			}
			return (to - from >= maxMessageSize) ? REFUSED : INCOMPLETE;
		}

		@Override
		int maxMessageSize(int maxPayload) {
			// Spring Integration stores the CR before it sees the LF, and refuses once it has max bytes
			return maxPayload + 2;
		}
	},

	/** Lines ended by a lone LF. */
	LF(1, 0) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayLfSerializer();
		}

		@Override
		int messageEnd(ByteBuf in, int searched, int maxMessageSize) {
			int from = in.readerIndex();
			int to = in.writerIndex();
			int lf = in.indexOf(from + searched, to, (byte) '\n');
			if (lf >= 0) {
				return (lf + 1 - from <= maxMessageSize) ? lf + 1 : REFUSED;
			}
			return (to - from >= maxMessageSize) ? REFUSED : INCOMPLETE;
		}

		@Override
		int maxMessageSize(int maxPayload) {
			return maxPayload + 1;
		}
	},

	/** A 4-byte big-endian length, then that many bytes of any value. */
	LENGTH_HEADER(4, 4) {
		@Override
		AbstractByteArraySerializer newSerializer() {
			return new ByteArrayLengthHeaderSerializer(ByteArrayLengthHeaderSerializer.HEADER_SIZE_INT);
		}

		@Override
		int messageEnd(ByteBuf in, int searched, int maxMessageSize) {
			if (in.readableBytes() < 4) {
				return INCOMPLETE;
			}
			int length = in.getInt(in.readerIndex());
			if (length < 0) {
				return INVALID;
			}
			if (length > maxMessageSize) {
				return REFUSED; // from the header alone: no need to wait for the body
			}
			return (in.readableBytes() - 4 >= length) ? in.readerIndex() + 4 + length : INCOMPLETE;
		}

		@Override
		int maxMessageSize(int maxPayload) {
			return maxPayload;
		}
	};

	/** {@link #messageEnd}: the message is not whole yet, and may still be within the limit. */
	static final int INCOMPLETE = -1;

	/** {@link #messageEnd}: the message is over the limit. */
	static final int REFUSED = -2;

	/** {@link #messageEnd}: the message's length header is negative. */
	static final int INVALID = -3;

	private final int overheadBytes;

	private final int headerBytes;

	Framing(int overheadBytes, int headerBytes) {
		this.overheadBytes = overheadBytes;
		this.headerBytes = headerBytes;
	}

	/** Whether messages end with a terminator, rather than being announced by a header. */
	boolean hasTerminator() {
		return this.headerBytes == 0;
	}

	/** The bytes that framing adds to each message. */
	int overheadBytes() {
		return this.overheadBytes;
	}

	/** A serializer that accepts payloads of up to {@code maxPayload} bytes and no more. */
	public AbstractByteArraySerializer serializer(int maxPayload) {
		AbstractByteArraySerializer serializer = newSerializer();
		serializer.setMaxMessageSize(maxMessageSize(maxPayload));
		return serializer;
	}

	abstract AbstractByteArraySerializer newSerializer();

	/**
	 * Where the message at the reader index of {@code in} ends, framing included, if it is whole
	 * and within the limit; else {@link #INCOMPLETE}, {@link #REFUSED} or {@link #INVALID}, exactly as Spring
	 * Integration's deserializer with {@code maxMessageSize} would wait or refuse.
	 * @param searched bytes after the reader index already searched for a delimiter in vain, so
	 * that a line arriving in many small reads is not searched again from its start each time
	 */
	abstract int messageEnd(ByteBuf in, int searched, int maxMessageSize);

	/** Spring Integration's max message size that admits exactly {@code maxPayload} bytes. */
	abstract int maxMessageSize(int maxPayload);

	/** Reads the payload of the whole message that ends at {@code end} and skips its framing. */
	byte[] readPayload(ByteBuf in, int end) {
		in.skipBytes(this.headerBytes);
		byte[] payload = new byte[end - in.readerIndex() - (this.overheadBytes - this.headerBytes)];
		in.readBytes(payload);
		in.readerIndex(end);
		return payload;
	}

}
