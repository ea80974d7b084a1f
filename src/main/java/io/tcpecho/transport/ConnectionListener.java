package io.tcpecho.transport;

import java.net.InetSocketAddress;

/**
 * Told, on the connection's event loop, what happens to each connection: the numbers, not the
 * payloads. Implementations must not block.
 */
public interface ConnectionListener {

	/** A listener is bound and about to accept: its port is known. */
	default void listening(Listener listener) {
	}

	/** A connection was admitted and is open. */
	default void opened(Connection connection) {
	}

	/** A read brought in {@code messages} whole messages of {@code bytes} bytes, framing included. */
	default void received(Connection connection, int messages, long bytes) {
	}

	/** Replies to {@code messages} messages were written, {@code nanos} after their read. */
	default void sent(Connection connection, int messages, long bytes, long nanos) {
	}

	/** The connection closed; {@link Connection#closeReason()} says why. */
	default void closed(Connection connection) {
	}

	/** A connection from {@code peer} was refused at the connection limit of {@code listener} and closed. */
	default void rejected(String listener, InetSocketAddress peer, int limit) {
	}

}
