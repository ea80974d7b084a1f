package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Told, on the connection's event loop, when each connection opens and closes; implementations must not block.
 */
public interface ConnectionListener {

	/** A listener is bound and about to accept: its port is known. */
	default void listening(Listener listener) {
	}

	/** A connection was admitted and is open. */
	default void opened(Connection connection) {
	}

	/** Its TLS handshake succeeded, {@code took} after the connection opened. */
	default void handshaken(Connection connection, Duration took) {
	}

	/** The connection closed; {@link Connection#closeReason()} says why. */
	default void closed(Connection connection) {
	}

	/** A connection from {@code peer} was refused at the connection limit of {@code listener} and closed. */
	default void rejected(String listener, InetSocketAddress peer, int limit) {
	}

}
