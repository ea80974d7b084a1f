package io.tcpecho.server;

import java.io.IOException;
import java.io.InputStream;
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
			return new CrLfSerializer();
		}

		@Override
		int wholeMessageLength(byte[] bytes, int from, int to) {
			for (int i = from + 1; i < to; i++) {
				if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
					return i + 1 - from;
				}
			}
			return -1;
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
			return new LfSerializer();
		}

		@Override
		int wholeMessageLength(byte[] bytes, int from, int to) {
			for (int i = from; i < to; i++) {
				if (bytes[i] == '\n') {
					return i + 1 - from;
				}
			}
			return -1;
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
		int wholeMessageLength(byte[] bytes, int from, int to) {
			if (to - from < 4) {
				return -1;
			}
			int length = ByteBuffer.wrap(bytes, from, 4).getInt();
			if (length < 0) {
				return 4; // rejected from the header alone: reading it cannot block
			}
			return (to - from - 4 >= length) ? 4 + length : -1;
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
	 * The length, framing included, of the whole message that {@code bytes[from, to)} begins
	 * with, which the deserializer can therefore read without waiting for the network; -1 if
	 * the range holds no whole message. Says nothing about whether it is within the limit.
	 */
	abstract int wholeMessageLength(byte[] bytes, int from, int to);

	/**
	 * A deserializer that can also read a message known to be whole in the stream's buffer.
	 */
	interface WholeMessageDeserializer {

		/** Reads the next message, of {@code length} bytes with its framing, all buffered. */
		byte[] deserializeWhole(InputStream inputStream, int length) throws IOException;

	}

	/**
	 * Reads a line of {@code length} bytes with its delimiter, known to be whole in the buffer and
	 * within the limit, in one copy. Spring Integration's deserializer reads byte by byte looking
	 * for the delimiter, which {@link #wholeMessageLength} has already found; skipping that took
	 * about 10% off the server CPU per echo with 16 connections x 16 lines in flight. A line over
	 * the limit still goes to the deserializer, for its error; so does every line not whole in
	 * the buffer.
	 */
	static byte[] readWholeLine(InputStream inputStream, int length, int delimiterBytes) throws IOException {
		byte[] line = inputStream.readNBytes(length - delimiterBytes);
		inputStream.skipNBytes(delimiterBytes);
		return line;
	}

	/**
	 * Spring Integration's CRLF serializer; a line whole in the buffer is read with
	 * {@link #readWholeLine}, without one of max-line-length bytes from the shared pool, whose
	 * locks every connection thread contends for on every line.
	 */
	static final class CrLfSerializer extends ByteArrayCrLfSerializer implements WholeMessageDeserializer {

		@Override
		public byte[] deserializeWhole(InputStream inputStream, int length) throws IOException {
			return (length <= getMaxMessageSize()) ? readWholeLine(inputStream, length, CRLF.overheadBytes())
					: doDeserialize(inputStream, new byte[length]);
		}

	}

	/** Spring Integration's LF serializer, with the same shortcut as {@link CrLfSerializer}. */
	static final class LfSerializer extends ByteArrayLfSerializer implements WholeMessageDeserializer {

		@Override
		public byte[] deserializeWhole(InputStream inputStream, int length) throws IOException {
			return (length <= getMaxMessageSize()) ? readWholeLine(inputStream, length, LF.overheadBytes())
					: doDeserialize(inputStream, new byte[length]);
		}

	}

	/** Spring Integration's max message size that admits exactly {@code maxPayload} bytes. */
	abstract int bufferBytesFor(int maxPayload);

}
