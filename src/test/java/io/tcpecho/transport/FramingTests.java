package io.tcpecho.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a message ends in what the socket delivered: found on the read buffer, so a whole line
 * is copied out at once, and refused exactly where Spring Integration's deserializer refuses.
 */
class FramingTests {

	private static final int NO_LIMIT = 1 << 20;

	@Test
	void crlfNeedsACrImmediatelyBeforeAnLf() {
		assertThat(end(Framing.CRLF, "abc\r\ndef\r\n")).isEqualTo(5);
		assertThat(end(Framing.CRLF, "\r\n")).isEqualTo(2);
		assertThat(end(Framing.CRLF, "a\nb\rc\r\n")).isEqualTo(7);
		assertThat(end(Framing.CRLF, "a\nb\rc\r")).isEqualTo(Framing.INCOMPLETE);
		assertThat(end(Framing.CRLF, "\n\r")).isEqualTo(Framing.INCOMPLETE);
		assertThat(end(Framing.CRLF, "abc\r")).isEqualTo(Framing.INCOMPLETE);
	}

	@Test
	void crlfLooksFromTheReaderIndexOnly() {
		ByteBuf in = ascii("x\r\nabc\r\ny");
		in.readerIndex(3);
		assertThat(Framing.CRLF.messageEnd(in, 0, NO_LIMIT)).isEqualTo(8);
		// an LF at the reader index ends nothing, whatever precedes it
		ByteBuf lf = ascii("x\r\nabc");
		lf.readerIndex(2);
		assertThat(Framing.CRLF.messageEnd(lf, 0, NO_LIMIT)).isEqualTo(Framing.INCOMPLETE);
	}

	@Test
	void crlfFindsACrAndLfSplitAcrossReadsWhenResumingTheSearch() {
		ByteBuf in = Unpooled.buffer();
		in.writeBytes("abc\r".getBytes(StandardCharsets.US_ASCII));
		assertThat(Framing.CRLF.messageEnd(in, 0, NO_LIMIT)).isEqualTo(Framing.INCOMPLETE);
		int searched = in.readableBytes();
		in.writeBytes("\nnext".getBytes(StandardCharsets.US_ASCII));
		assertThat(Framing.CRLF.messageEnd(in, searched, NO_LIMIT)).isEqualTo(5);
	}

	@Test
	void lfNeedsAnLfAndTakesACrAsPayload() {
		assertThat(end(Framing.LF, "ab\r\n")).isEqualTo(4);
		assertThat(end(Framing.LF, "\n")).isEqualTo(1);
		assertThat(end(Framing.LF, "abc\r")).isEqualTo(Framing.INCOMPLETE);
		assertThat(end(Framing.LF, "")).isEqualTo(Framing.INCOMPLETE);
	}

	@Test
	void lengthHeaderNeedsTheWholeHeaderAndEveryByteItAnnounces() {
		assertThat(end(Framing.LENGTH_HEADER, header(3), new byte[3])).isEqualTo(7);
		assertThat(end(Framing.LENGTH_HEADER, header(3), new byte[5])).isEqualTo(7);
		assertThat(end(Framing.LENGTH_HEADER, header(0))).isEqualTo(4);
		assertThat(end(Framing.LENGTH_HEADER, header(3), new byte[2])).isEqualTo(Framing.INCOMPLETE);
		assertThat(end(Framing.LENGTH_HEADER, new byte[] { 0, 0, 0 })).isEqualTo(Framing.INCOMPLETE);
		// no terminator to look for: CR LF inside the body does not complete it
		assertThat(end(Framing.LENGTH_HEADER, header(5), "\r\n\n".getBytes())).isEqualTo(Framing.INCOMPLETE);
	}

	@Test
	void lengthHeaderIsRefusedFromTheHeaderAloneWhenNegativeOrOverTheLimit() {
		assertThat(end(Framing.LENGTH_HEADER, header(-1))).isEqualTo(Framing.INVALID);
		ByteBuf in = Unpooled.wrappedBuffer(header(9), new byte[2]);
		assertThat(Framing.LENGTH_HEADER.messageEnd(in, 0, 8)).isEqualTo(Framing.REFUSED);
	}

	@Test
	void readsThePayloadWithoutItsFraming() {
		ByteBuf crlf = ascii("a\rb\n\r\ntail");
		assertThat(Framing.CRLF.readPayload(crlf, Framing.CRLF.messageEnd(crlf, 0, NO_LIMIT))).asString()
			.isEqualTo("a\rb\n");
		assertThat(crlf.toString(StandardCharsets.US_ASCII)).isEqualTo("tail");
		ByteBuf header = Unpooled.wrappedBuffer(header(2), "hi!".getBytes(StandardCharsets.US_ASCII));
		assertThat(Framing.LENGTH_HEADER.readPayload(header, Framing.LENGTH_HEADER.messageEnd(header, 0, NO_LIMIT)))
			.asString()
			.isEqualTo("hi");
		assertThat(header.readableBytes()).isEqualTo(1);
	}

	/**
	 * For every payload length around the limit, whole or cut short, the verdict is Spring
	 * Integration's: a message it reads is whole and the same, one it refuses is refused, and
	 * one it would wait for is incomplete.
	 */
	@Test
	void agreesWithSpringIntegrationsDeserializerAroundTheLimit() throws IOException {
		int limit = 6;
		for (Framing framing : Framing.values()) {
			AbstractByteArraySerializer serializer = framing.serializer(limit);
			int max = framing.maxMessageSize(limit);
			for (int payload = 0; payload <= limit + 3; payload++) {
				byte[] wire = wire(framing, payload);
				for (int cut = 1; cut <= wire.length; cut++) {
					byte[] delivered = Arrays.copyOf(wire, cut);
					int end = framing.messageEnd(Unpooled.wrappedBuffer(delivered), 0, max);
					String verdict = springIntegrationsVerdict(serializer, delivered);
					String at = framing + ", payload " + payload + ", first " + cut + " bytes";
					if (end >= 0) {
						assertThat(verdict).as(at).isEqualTo("read " + (payload) + " in " + end);
					}
					else {
						assertThat(verdict).as(at).isEqualTo((end == Framing.INCOMPLETE) ? "incomplete" : "refused");
					}
				}
			}
		}
	}

	/** Spring Integration's verdict, told apart by where it stopped: asking for more is waiting. */
	private static String springIntegrationsVerdict(AbstractByteArraySerializer serializer, byte[] delivered) {
		InputStream in = new SequenceInputStream(new ByteArrayInputStream(delivered), new InputStream() {
			@Override
			public int read() throws IOException {
				throw new WantsMore();
			}
		});
		try {
			byte[] payload = serializer.deserialize(in);
			return "read " + payload.length + " in " + (delivered.length - in.available());
		}
		catch (WantsMore ex) {
			return "incomplete";
		}
		catch (IOException | RuntimeException ex) {
			return "refused";
		}
	}

	/** The deserializer read past what was delivered. */
	private static final class WantsMore extends IOException {

	}

	private static byte[] wire(Framing framing, int payload) {
		byte[] body = new byte[payload];
		Arrays.fill(body, (byte) 'x');
		return switch (framing) {
			case CRLF -> concat(body, new byte[] { '\r', '\n' });
			case LF -> concat(body, new byte[] { '\n' });
			case LENGTH_HEADER -> concat(header(payload), body);
		};
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	private static int end(Framing framing, String text) {
		return framing.messageEnd(ascii(text), 0, NO_LIMIT);
	}

	private static int end(Framing framing, byte[]... parts) {
		return framing.messageEnd(Unpooled.wrappedBuffer(parts), 0, NO_LIMIT);
	}

	private static ByteBuf ascii(String text) {
		return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] header(int length) {
		return ByteBuffer.allocate(4).putInt(length).array();
	}

}
