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
 * @param replyTimeout how long to wait for each echo before giving up.
 * @param framing how lines are delimited; must match the server's {@code echo.server.framing}.
 * @param maxLineLength longest echo accepted, not counting the terminator.
 * @param greeting whether to read and print the server's greeting line before sending anything.
 * @param sslBundle name of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) whose trust
 * material, and key if any, the client speaks TLS with; empty is plaintext.
 * @param mode interactive (one line at a time), batch (a window of lines in flight, then a
 * half-close at the end of input) or auto: batch unless standard input is a terminal.
 * @param window batch mode: lines sent and not yet echoed, at most.
 */
@ConfigurationProperties("echo.client")
public record EchoClientProperties(
		@DefaultValue("localhost") String host,
		@DefaultValue("9877") int port,
		@DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("10s") Duration replyTimeout,
		@DefaultValue("crlf") Framing framing,
		@DefaultValue("64KB") DataSize maxLineLength,
		@DefaultValue("false") boolean greeting,
		@Nullable String sslBundle,
		@DefaultValue("auto") Mode mode,
		@DefaultValue("64") int window) {

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
