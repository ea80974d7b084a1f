package io.tcpecho.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Tells every listener, in order.
 */
final class ConnectionListeners implements ConnectionListener {

	private final ConnectionListener[] listeners;

	ConnectionListeners(List<ConnectionListener> listeners) {
		this.listeners = listeners.toArray(ConnectionListener[]::new);
	}

	@Override
	public void opened(Connection connection) {
		for (ConnectionListener listener : this.listeners) {
			listener.opened(connection);
		}
	}

	@Override
	public void handshaken(Connection connection, Duration took) {
		for (ConnectionListener listener : this.listeners) {
			listener.handshaken(connection, took);
		}
	}

	@Override
	public void closed(Connection connection) {
		for (ConnectionListener listener : this.listeners) {
			listener.closed(connection);
		}
	}

	@Override
	public void listening(Listener listening) {
		for (ConnectionListener listener : this.listeners) {
			listener.listening(listening);
		}
	}

	@Override
	public void rejected(String name, InetSocketAddress peer, int limit) {
		for (ConnectionListener listener : this.listeners) {
			listener.rejected(name, peer, limit);
		}
	}

}
