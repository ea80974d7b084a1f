package io.tcpecho.transport;

/**
 * Whether a listener expects a PROXY protocol (v1 or v2) header before the first byte of a connection.
 */
public enum ProxyProtocol {

	/** No header is read: every byte is echoed. */
	OFF,
	/** A header is read when the first bytes start one, otherwise the bytes are echoed. */
	OPTIONAL,
	/** Every connection must start with a header; one that does not is closed. */
	REQUIRED

}
