package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PROXY protocol header that arrives over several reads is read whole: each part below is one
 * read of its own, which a socket cannot promise.
 */
class ProxyProtocolHandlerTests {

	private final EmbeddedChannel channel = new EmbeddedChannel();

	private final Connection connection = new Connection(this.channel, "default",
			new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 9877), new ListenerStats(),
			Duration.ZERO, Duration.ZERO);

	@Test
	void aV1Tcp6HeaderSplitOverFiveReadsNamesTheClientAndPassesTheLineOn() {
		this.channel.pipeline().addLast("proxy-detect", new ProxyProtocolHandler(ProxyProtocol.REQUIRED, this.connection));
		for (String part : List.of("PRO", "XY TCP6 2001:db8::7 ", "2001:db8::1 4", "1000 443\r", "\nsplit\r\n")) {
			assertThat(this.connection.proxy()).as("named before the header was whole").isNull();
			this.channel.writeInbound(Unpooled.copiedBuffer(part, StandardCharsets.US_ASCII));
		}
		assertThat(this.connection.peerAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
		assertThat(this.connection.peerPort()).isEqualTo(41000);
		assertThat(this.connection.proxy()).isEqualTo("127.0.0.1:40000");
		ByteBuf line = this.channel.readInbound();
		assertThat(line.toString(StandardCharsets.US_ASCII)).isEqualTo("split\r\n");
		line.release();
		assertThat(this.channel.isOpen()).isTrue();
	}

}
