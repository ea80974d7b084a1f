package io.tcpecho.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a buffer holds a whole message: the test that lets pipelined lines be read together
 * without waiting on the network, and lets a reply wait for the next one to be flushed with it.
 */
class FramingTests {

	@Test
	void crlfNeedsACrImmediatelyBeforeAnLf() {
		assertThat(startsWithMessage(Framing.CRLF, "abc\r\n")).isTrue();
		assertThat(startsWithMessage(Framing.CRLF, "\r\n")).isTrue();
		assertThat(startsWithMessage(Framing.CRLF, "a\nb\rc\r")).isFalse();
		assertThat(startsWithMessage(Framing.CRLF, "\n\r")).isFalse();
		assertThat(startsWithMessage(Framing.CRLF, "abc\r")).isFalse();
	}

	@Test
	void crlfLooksOnlyBetweenTheBoundsItIsGiven() {
		byte[] bytes = "x\r\nabc\r\ny".getBytes(StandardCharsets.US_ASCII);
		assertThat(Framing.CRLF.startsWithMessage(bytes, 3, 8)).isTrue();
		assertThat(Framing.CRLF.startsWithMessage(bytes, 3, 7)).isFalse();
		// an LF at the start of the range ends nothing, whatever precedes it outside the range
		assertThat(Framing.CRLF.startsWithMessage(bytes, 2, 7)).isFalse();
	}

	@Test
	void lfNeedsAnLfAndTakesACrAsPayload() {
		assertThat(startsWithMessage(Framing.LF, "abc\n")).isTrue();
		assertThat(startsWithMessage(Framing.LF, "\n")).isTrue();
		assertThat(startsWithMessage(Framing.LF, "abc\r")).isFalse();
		assertThat(startsWithMessage(Framing.LF, "")).isFalse();
	}

	@Test
	void lengthHeaderNeedsTheWholeHeaderAndEveryByteItAnnounces() {
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, header(3), new byte[3])).isTrue();
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, header(3), new byte[5])).isTrue();
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, header(0))).isTrue();
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, header(3), new byte[2])).isFalse();
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, new byte[] { 0, 0, 0 })).isFalse();
		// no terminator to look for: CR LF inside the body does not complete it
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, header(5), "\r\n\n".getBytes())).isFalse();
	}

	@Test
	void lengthHeaderCountsANegativeLengthAsReadableAtOnce() {
		// the deserializer rejects it from the header alone, so reading it cannot block
		assertThat(startsWithMessage(Framing.LENGTH_HEADER, header(-1))).isTrue();
	}

	private static boolean startsWithMessage(Framing framing, String text) {
		return startsWithMessage(framing, text.getBytes(StandardCharsets.US_ASCII));
	}

	private static boolean startsWithMessage(Framing framing, byte[]... parts) {
		ByteBuffer all = ByteBuffer.allocate(64);
		for (byte[] part : parts) {
			all.put(part);
		}
		return framing.startsWithMessage(all.array(), 0, all.position());
	}

	private static byte[] header(int length) {
		return ByteBuffer.allocate(4).putInt(length).array();
	}

}
