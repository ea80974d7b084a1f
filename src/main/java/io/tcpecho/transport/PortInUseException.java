package io.tcpecho.transport;

import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * A listener could not bind its address, almost always because another process holds the port.
 */
public class PortInUseException extends RuntimeException {

	private final InetSocketAddress address;

	public PortInUseException(InetSocketAddress address, BindException cause) {
		super("Could not listen on %s:%d: %s".formatted(address.getHostString(), address.getPort(), cause.getMessage()),
				cause);
		this.address = address;
	}

	/** The address that could not be bound. */
	public InetSocketAddress address() {
		return this.address;
	}

}
