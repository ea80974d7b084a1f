package io.tcpecho.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.tcpecho.server.Framing.WholeMessageDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * When a buffer holds a whole message, and how long it is: what lets pipelined lines be read
 * together without waiting on the network, without a pooled buffer, and lets a reply wait for
 * the next one to be flushed with it.
 */
class FramingTests {

	@Test
	void crlfNeedsACrImmediatelyBeforeAnLf() {
		assertThat(wholeMessageLength(Framing.CRLF, "abc\r\ndef\r\n")).isEqualTo(5);
		assertThat(wholeMessageLength(Framing.CRLF, "\r\n")).isEqualTo(2);
		assertThat(wholeMessageLength(Framing.CRLF, "a\nb\rc\r\n")).isEqualTo(7);
		assertThat(wholeMessageLength(Framing.CRLF, "a\nb\rc\r")).isEqualTo(-1);
		assertThat(wholeMessageLength(Framing.CRLF, "\n\r")).isEqualTo(-1);
		assertThat(wholeMessageLength(Framing.CRLF, "abc\r")).isEqualTo(-1);
	}

	@Test
	void crlfLooksOnlyBetweenTheBoundsItIsGiven() {
		byte[] bytes = "x\r\nabc\r\ny".getBytes(StandardCharsets.US_ASCII);
		assertThat(Framing.CRLF.wholeMessageLength(bytes, 3, 8)).isEqualTo(5);
		assertThat(Framing.CRLF.wholeMessageLength(bytes, 3, 7)).isEqualTo(-1);
		// an LF at the start of the range ends nothing, whatever precedes it outside the range
		assertThat(Framing.CRLF.wholeMessageLength(bytes, 2, 7)).isEqualTo(-1);
	}

	@Test
	void lfNeedsAnLfAndTakesACrAsPayload() {
		assertThat(wholeMessageLength(Framing.LF, "ab\r\n")).isEqualTo(4);
		assertThat(wholeMessageLength(Framing.LF, "\n")).isEqualTo(1);
		assertThat(wholeMessageLength(Framing.LF, "abc\r")).isEqualTo(-1);
		assertThat(wholeMessageLength(Framing.LF, "")).isEqualTo(-1);
	}

	@Test
	void lengthHeaderNeedsTheWholeHeaderAndEveryByteItAnnounces() {
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, header(3), new byte[3])).isEqualTo(7);
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, header(3), new byte[5])).isEqualTo(7);
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, header(0))).isEqualTo(4);
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, header(3), new byte[2])).isEqualTo(-1);
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, new byte[] { 0, 0, 0 })).isEqualTo(-1);
		// no terminator to look for: CR LF inside the body does not complete it
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, header(5), "\r\n\n".getBytes())).isEqualTo(-1);
	}

	@Test
	void lengthHeaderCountsANegativeLengthAsReadableAtOnce() {
		// the deserializer rejects it from the header alone, so reading it cannot block
		assertThat(wholeMessageLength(Framing.LENGTH_HEADER, header(-1))).isEqualTo(4);
	}

	@Test
	void lineSerializersReadAWholeLineWithoutAPooledBuffer() throws IOException {
		AbstractByteArraySerializer crlf = Framing.CRLF.serializer(8);
		byte[] wire = "a\rb\n\r\ntail".getBytes(StandardCharsets.US_ASCII);
		ByteArrayInputStream in = new ByteArrayInputStream(wire);
		int length = Framing.CRLF.wholeMessageLength(wire, 0, wire.length);
		assertThat(((WholeMessageDeserializer) crlf).deserializeWhole(in, length)).asString().isEqualTo("a\rb\n");
		assertThat(in.readAllBytes()).asString().isEqualTo("tail");

		AbstractByteArraySerializer lf = Framing.LF.serializer(8);
		in = new ByteArrayInputStream("a\r\nb".getBytes(StandardCharsets.US_ASCII));
		assertThat(((WholeMessageDeserializer) lf).deserializeWhole(in, 3)).asString().isEqualTo("a\r");
	}

	@Test
	void aWholeLineOfExactlyTheLimitIsRead() throws IOException {
		AbstractByteArraySerializer crlf = Framing.CRLF.serializer(3);
		ByteArrayInputStream in = new ByteArrayInputStream("abc\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(((WholeMessageDeserializer) crlf).deserializeWhole(in, 5)).asString().isEqualTo("abc");
		AbstractByteArraySerializer lf = Framing.LF.serializer(3);
		in = new ByteArrayInputStream("abc\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(((WholeMessageDeserializer) lf).deserializeWhole(in, 4)).asString().isEqualTo("abc");
	}

	@Test
	void aWholeLineOverTheLimitIsStillRefused() {
		AbstractByteArraySerializer crlf = Framing.CRLF.serializer(3);
		ByteArrayInputStream in = new ByteArrayInputStream("abcd\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThatIOException().isThrownBy(() -> ((WholeMessageDeserializer) crlf).deserializeWhole(in, 6))
			.withMessageContaining("max message length");
		AbstractByteArraySerializer lf = Framing.LF.serializer(3);
		ByteArrayInputStream lfIn = new ByteArrayInputStream("abcd\n".getBytes(StandardCharsets.US_ASCII));
		assertThatIOException().isThrownBy(() -> ((WholeMessageDeserializer) lf).deserializeWhole(lfIn, 5));
	}

	private static int wholeMessageLength(Framing framing, String text) {
		return wholeMessageLength(framing, text.getBytes(StandardCharsets.US_ASCII));
	}

	private static int wholeMessageLength(Framing framing, byte[]... parts) {
		ByteBuffer all = ByteBuffer.allocate(64);
		for (byte[] part : parts) {
			all.put(part);
		}
		return framing.wholeMessageLength(all.array(), 0, all.position());
	}

	private static byte[] header(int length) {
		return ByteBuffer.allocate(4).putInt(length).array();
	}

}
