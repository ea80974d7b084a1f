package io.tcpecho.transport;

import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * A listener could not bind its address, almost always because another process holds the port.
 */
public class PortInUseException extends RuntimeException {

	private final String listener;

	private final InetSocketAddress address;

	public PortInUseException(String listener, InetSocketAddress address, BindException cause) {
		super("Listener '%s' could not listen on %s:%d: %s".formatted(listener, address.getHostString(),
				address.getPort(), cause.getMessage()), cause);
		this.listener = listener;
		this.address = address;
	}

	/** The name of the listener that could not listen. */
	public String listener() {
		return this.listener;
	}

	/** The address that could not be bound. */
	public InetSocketAddress address() {
		return this.address;
	}

}
