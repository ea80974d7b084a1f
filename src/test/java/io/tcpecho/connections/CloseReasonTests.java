package io.tcpecho.connections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the failures Spring Integration and Netty report before a connection closes are told apart.
 */
class CloseReasonTests {

	@Test
	void aResetSeenOnAReadIsAReset() {
		assertThat(CloseReason.of(new SocketException("Connection reset"))).isEqualTo(CloseReason.RESET);
		assertThat(CloseReason.of(new UncheckedIOException(new SocketException("Connection reset"))))
			.isEqualTo(CloseReason.RESET);
	}

	@Test
	void aResetSeenOnAWriteIsAReset() {
		assertThat(CloseReason.of(new IOException("Connection reset by peer"))).isEqualTo(CloseReason.RESET);
		assertThat(CloseReason.of(new IOException("Broken pipe"))).isEqualTo(CloseReason.RESET);
	}

	@Test
	void theEndOfInputIsANormalClose() {
		assertThat(CloseReason.of(new SoftEndOfStreamException("Stream closed between payloads")))
			.isEqualTo(CloseReason.CLIENT_CLOSED);
	}

	@Test
	void eachDeserializersLimitErrorIsALineTooLong() {
		assertThat(CloseReason.of(new IOException("CRLF not found before max message length: 10")))
			.isEqualTo(CloseReason.LINE_TOO_LONG);
		assertThat(CloseReason.of(new IOException("Message length 11 exceeds max message length: 10")))
			.isEqualTo(CloseReason.LINE_TOO_LONG);
	}

	@Test
	void anythingElseIsAnError() {
		assertThat(CloseReason.of(new IOException("Socket closed during message assembly")))
			.isEqualTo(CloseReason.ERROR);
		assertThat(CloseReason.of(new IllegalArgumentException("Length header: -1 is negative")))
			.isEqualTo(CloseReason.ERROR);
	}

}
