package io.tcpecho.connections;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

/**
 * Why a connection ended, as it appears in logs and in the {@code reason} tag of meters.
 */
public enum CloseReason {

	CLIENT_CLOSED, RESET, IDLE_TIMEOUT, LINE_TOO_LONG, REJECTED_AT_LIMIT, SHUTDOWN, OPERATOR, ERROR;

	/** Lower-case, hyphenated name, as used in logs and tags. */
	public String tag() {
		return name().toLowerCase().replace('_', '-');
	}

	/** Classifies the read failure that Spring Integration reports before it closes a connection. */
	public static CloseReason of(Throwable readFailure) {
		Throwable failure = (readFailure instanceof UncheckedIOException && readFailure.getCause() != null)
				? readFailure.getCause() : readFailure;
		if (failure instanceof SoftEndOfStreamException) {
			return CLIENT_CLOSED;
		}
		String message = String.valueOf(failure.getMessage());
		// each of Spring Integration's byte-array deserializers says this, and nothing else does
		if (message.contains("max message length")) {
			return LINE_TOO_LONG;
		}
		// a reset seen on a read ("Connection reset"), or on a write ("Connection reset by peer",
		// "Broken pipe", as NIO words them)
		if (failure instanceof IOException && (message.contains("reset") || message.contains("Broken pipe"))) {
			return RESET;
		}
		return ERROR;
	}

}
