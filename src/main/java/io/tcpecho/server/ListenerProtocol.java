package io.tcpecho.server;

import java.util.List;

/**
 * What a listener answers: TCP connections or UDP datagrams, and the keys that mean something for one only.
 */
public enum ListenerProtocol {

	/** Lines over TCP connections. */
	TCP(List.of("max-datagram-size", "receive-buffer-size", "flow-timeout", "max-flows")),

	/** Datagrams, each echoed as one datagram. */
	UDP(List.of("max-line-length", "backlog", "framing", "tcp-no-delay", "keep-alive", "max-connections",
			"idle-timeout", "write-timeout", "ssl.bundle", "ssl.client-auth", "proxy-protocol", "greeting"));

	private final List<String> foreignKeys;

	ListenerProtocol(List<String> foreignKeys) {
		this.foreignKeys = foreignKeys;
	}

	/** The listener keys that mean nothing for this protocol, and fail the start when set. */
	List<String> foreignKeys() {
		return this.foreignKeys;
	}

}
