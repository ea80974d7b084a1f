package io.tcpecho.transport;

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
	/** Anything else, such as a malformed length header. */
	ERROR;

	/** Lower-case, hyphenated name, as used in logs and tags. */
	public String tag() {
		return name().toLowerCase().replace('_', '-');
	}

}
