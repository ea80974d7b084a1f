package io.tcpecho.connections;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionListener;
import org.jspecify.annotations.Nullable;

/**
 * Every open connection, from its open until its close reaps it: the {@code ps} of the server.
 */
public class ConnectionRegistry implements ConnectionListener {

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	private final AtomicLong reaped = new AtomicLong();

	@Override
	public void opened(Connection connection) {
		this.connections.put(connection.id(), connection);
	}

	@Override
	public void closed(Connection connection) {
		if (this.connections.remove(connection.id()) != null) {
			this.reaped.incrementAndGet();
		}
	}

	/** The open connections. */
	public Collection<Connection> connections() {
		return List.copyOf(this.connections.values());
	}

	/** How many connections are open, or closed and not yet reaped. */
	public int count() {
		return this.connections.size();
	}

	/** How many connections of one listener are open, or closed and not yet reaped. */
	public int count(String listener) {
		return (int) this.connections.values().stream().filter((c) -> c.listener().equals(listener)).count();
	}

	/** Connections still held after they closed: their close was never reaped. */
	public List<Connection> zombies() {
		return this.connections.values().stream().filter((connection) -> !connection.isOpen()).toList();
	}

	public @Nullable Connection connection(String id) {
		return this.connections.get(id);
	}

	/** Connections reaped (removed after they closed) since start. */
	public long reaped() {
		return this.reaped.get();
	}

}
