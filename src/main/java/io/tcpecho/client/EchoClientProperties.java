package io.tcpecho.client;

import java.time.Duration;

import io.tcpecho.transport.Framing;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the client connects and how long it waits.
 *
 * @param host server to connect to; the first positional argument of {@code client}.
 * @param port server port; the second positional argument of {@code client}.
 * @param connectTimeout how long to wait for the connection to be established (whole seconds).
 * @param replyTimeout how long to wait for each echo before giving up (udp: before sending the
 * datagram again); empty is 10s for tcp and 1s for udp.
 * @param framing how lines are delimited; must match the server's {@code echo.server.framing}.
 * @param maxLineLength longest echo accepted, not counting the terminator.
 * @param greeting whether to read and print the server's greeting line before sending anything.
 * @param sslBundle name of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) whose trust
 * material, and key if any, the client speaks TLS with; empty is plaintext.
 * @param mode interactive (one line at a time), batch (a window of lines in flight, then a
 * half-close at the end of input) or auto: batch unless standard input is a terminal.
 * @param window batch mode: lines sent and not yet echoed, at most; small enough, for udp, not to
 * overrun the server's socket buffer (UNP 8.13).
 * @param protocol tcp (one connection) or udp (each line, with its line end, one datagram on a
 * connected socket, as {@code nc -u} sends it).
 * @param retries udp: how many times a datagram without an echo is sent again, one reply timeout apart.
 */
@ConfigurationProperties("echo.client")
public record EchoClientProperties(
		@DefaultValue("localhost") String host,
		@DefaultValue("9877") int port,
		@DefaultValue("5s") Duration connectTimeout,
		@Nullable Duration replyTimeout,
		@DefaultValue("crlf") Framing framing,
		@DefaultValue("64KB") DataSize maxLineLength,
		@DefaultValue("false") boolean greeting,
		@Nullable String sslBundle,
		@DefaultValue("auto") Mode mode,
		@DefaultValue("64") int window,
		@DefaultValue("tcp") Protocol protocol,
		@DefaultValue("2") int retries) {

	/** How long to wait for each echo: as set, or 10 s over TCP and 1 s over UDP, where a datagram may be lost. */
	@Override
	public Duration replyTimeout() {
		if (this.replyTimeout != null) {
			return this.replyTimeout;
		}
		return (this.protocol == Protocol.UDP) ? Duration.ofSeconds(1) : Duration.ofSeconds(10);
	}

	/** What the client speaks. */
	public enum Protocol {

		/** Lines over one TCP connection. */
		TCP,
		/** Each line one datagram. */
		UDP

	}

	/** How the client paces its lines. */
	public enum Mode {

		/** Batch unless standard input is a terminal, decided when the client starts. */
		AUTO,
		/** One line at a time: send, wait for the echo, print it. */
		INTERACTIVE,
		/** A window of lines in flight, then a half-close at the end of input. */
		BATCH

	}


	/** {@code host:port}, for messages. */
	public String address() {
		return this.host + ":" + this.port;
	}

}
