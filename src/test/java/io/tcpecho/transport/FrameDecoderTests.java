package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One {@link Frames} per read, counted once; a typed refusal after the messages before it; the rest
 * of the input handed on as it is when it ends.
 */
class FrameDecoderTests {

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final Connection connection = new Connection(this.channel, "default", new InetSocketAddress("127.0.0.1", 40000),
			new InetSocketAddress("127.0.0.1", 9877), new ListenerStats(), Duration.ZERO, Duration.ZERO);

	@Test
	void handsEveryWholeLineOfAReadOnInOneFramesWithItsWireBytes() {
		decoder(Framing.CRLF, 10).writeInbound(ascii("one\r\ntwo\r\nthr"));
		Frames frames = this.channel.readInbound();
		assertThat(frames.payloads()).extracting(String::new).containsExactly("one", "two");
		assertThat(frames.wireBytes()).isEqualTo(10);
		assertThat((Object) this.channel.readInbound()).isNull();

		this.channel.writeInbound(ascii("ee\r\n"));
		Frames rest = this.channel.readInbound();
		assertThat(rest.payloads()).extracting(String::new).containsExactly("three");
		assertThat(rest.wireBytes()).isEqualTo(7);
	}

	@Test
	void refusesALineOverTheLimitAfterHandingOnTheLinesBeforeIt() {
		decoder(Framing.LF, 4);
		assertThatExceptionOfType(TooLongFrameException.class)
			.isThrownBy(() -> this.channel.writeInbound(ascii("ok\nfar too long\nlost\n")));
		Frames before = this.channel.readInbound();
		assertThat(before.payloads()).extracting(String::new).containsExactly("ok");
		this.channel.writeInbound(ascii("later\n"));
		assertThat((Object) this.channel.readInbound()).as("nothing is read after a refusal").isNull();
	}

	@Test
	void refusesANegativeLengthHeaderAsCorrupt() {
		decoder(Framing.LENGTH_HEADER, 64);
		assertThatExceptionOfType(CorruptedFrameException.class)
			.isThrownBy(() -> this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { -1, -1, -1, -1 })));
	}

	@Test
	void handsOnTheBytesAfterTheLastTerminatorAsTheyAreWhenTheInputEnds() {
		decoder(Framing.CRLF, 64).writeInbound(ascii("whole\r\nhalf\r"));
		assertThat(((Frames) this.channel.readInbound()).count()).isOne();
		this.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
		Frames tail = this.channel.readInbound();
		assertThat(tail.unterminated()).isTrue();
		assertThat(tail.payloads()).extracting(String::new).containsExactly("half\r");
		assertThat(tail.wireBytes()).isEqualTo(5);
	}

	@Test
	void dropsAnIncompleteLengthHeaderFrameWhenTheInputEnds() {
		decoder(Framing.LENGTH_HEADER, 64).writeInbound(Unpooled.wrappedBuffer(new byte[] { 0, 0, 0, 9, 'a' }));
		this.channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
		assertThat((Object) this.channel.readInbound()).isNull();
	}

	private EmbeddedChannel decoder(Framing framing, int maxPayload) {
		this.channel.pipeline().addLast(new FrameDecoder(framing, framing.maxMessageSize(maxPayload), this.connection));
		return this.channel;
	}

	private static ByteBuf ascii(String text) {
		return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
	}

}
