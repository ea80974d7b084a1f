package io.tcpecho.server;

import java.net.BindException;

/**
 * The echo port could not be bound, almost always because another process holds it.
 */
class EchoPortInUseException extends RuntimeException {

	private final String address;

	private final int port;

	EchoPortInUseException(String address, int port, BindException cause) {
		super("Echo port %s:%d could not be bound: %s".formatted(address, port, cause.getMessage()), cause);
		this.address = address;
		this.port = port;
	}

	String address() {
		return this.address;
	}

	int port() {
		return this.port;
	}

}
