package io.tcpecho.transport;

import java.net.BindException;
import java.net.InetSocketAddress;

import io.netty.channel.unix.Errors;
import org.jspecify.annotations.Nullable;

/**
 * A listener could not bind its address, almost always because another process holds the port.
 */
public class PortInUseException extends RuntimeException {

	private static final int LINUX_EADDRINUSE = 98;

	private final String listener;

	private final InetSocketAddress address;

	public PortInUseException(String listener, InetSocketAddress address, BindException cause) {
		super("Listener '%s' could not listen on %s:%d: %s".formatted(listener, address.getHostString(),
				address.getPort(), cause.getMessage()), cause);
		this.listener = listener;
		this.address = address;
	}

	/**
	 * The failure to bind {@code address} as a port in use, or null where it is another: the JDK says
	 * so by type, Netty's native transports (Linux only) by Linux's errno, EADDRINUSE.
	 */
	static @Nullable PortInUseException of(String listener, InetSocketAddress address, Throwable failure) {
		if (failure instanceof BindException inUse) {
			return new PortInUseException(listener, address, inUse);
		}
		if (failure instanceof Errors.NativeIoException error && error.expectedErr() == -LINUX_EADDRINUSE) {
			BindException inUse = new BindException(error.getMessage());
			inUse.addSuppressed(error);
			return new PortInUseException(listener, address, inUse);
		}
		return null;
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
