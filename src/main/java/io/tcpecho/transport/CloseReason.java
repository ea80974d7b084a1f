package io.tcpecho.transport;

import java.util.Locale;

/**
 * Why a connection ended, recorded by the code that saw it happen; the first reason recorded wins.
 */
public enum CloseReason {

	/** The peer ended its input (FIN) or closed the connection. */
	CLIENT_CLOSED,
	/** The peer reset the connection, or the socket failed under it. */
	RESET,
	/** Neither a whole message in nor a reply out for the idle timeout. */
	IDLE_TIMEOUT,
	/** A message over the limit. */
	LINE_TOO_LONG,
	/** Accepted over the connection limit and closed at once. */
	REJECTED_AT_LIMIT,
	/** Closed by the drain or the stop of the server. */
	SHUTDOWN,
	/** Closed by an operator. */
	OPERATOR,
	/** Replies the peer did not read within the write timeout; ended with a reset. */
	WRITE_TIMEOUT,
	/** The TLS handshake failed, or the peer spoke plaintext to a TLS listener. */
	TLS_HANDSHAKE,
	/** A PROXY protocol header was missing, malformed, truncated or too long. */
	PROXY_PROTOCOL_ERROR,
	/** A {@code latency} fault delayed this connection's echoes. */
	FAULT_LATENCY,
	/** A {@code bandwidth} fault paced this connection's echoes. */
	FAULT_BANDWIDTH,
	/** A {@code slicer} fault cut this connection's echoes into small writes. */
	FAULT_SLICER,
	/** A {@code close} fault ended the connection with a FIN. */
	FAULT_CLOSE,
	/** A {@code reset} fault ended the connection with an RST. */
	FAULT_RESET,
	/** A {@code blackhole} fault kept the connection silent until something else closed it. */
	FAULT_BLACKHOLE,
	/** A {@code stop-reading} fault stopped reading the connection until something else closed it. */
	FAULT_STOP_READING,
	/** A {@code half-close} fault shut the connection's output. */
	FAULT_HALF_CLOSE,
	/** A {@code reset-on-accept} fault reset the connection as soon as it was accepted. */
	FAULT_RESET_ON_ACCEPT,
	/** Anything else, such as a malformed length header. */
	ERROR;

	/** Lower-case, hyphenated name, as used in logs and tags. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
