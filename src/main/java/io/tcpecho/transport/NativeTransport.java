package io.tcpecho.transport;

import java.util.Locale;
import java.util.function.Supplier;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * Which Netty transport the event loops run: the JDK's NIO, or Linux's epoll or io_uring through
 * Netty's native libraries.
 */
public enum NativeTransport {

	/** Epoll where Netty's native library loads, NIO elsewhere. */
	AUTO(() -> null, null, null),
	/** The JDK's selector: everywhere. */
	NIO(() -> null, NioIoHandler::newFactory, NioServerSocketChannel.class),
	/** Linux epoll, edge-triggered. */
	EPOLL(Epoll::unavailabilityCause, EpollIoHandler::newFactory, EpollServerSocketChannel.class),
	/** Linux io_uring; container runtimes' default seccomp profiles often block it. */
	IO_URING(IoUring::unavailabilityCause, IoUringIoHandler::newFactory, IoUringServerSocketChannel.class);

	private final Supplier<@Nullable Throwable> unavailability;

	private final @Nullable Supplier<IoHandlerFactory> handlers;

	private final @Nullable Class<? extends ServerChannel> serverChannel;

	NativeTransport(Supplier<@Nullable Throwable> unavailability, @Nullable Supplier<IoHandlerFactory> handlers,
			@Nullable Class<? extends ServerChannel> serverChannel) {
		this.unavailability = unavailability;
		this.handlers = handlers;
		this.serverChannel = serverChannel;
	}

	/**
	 * The transport to run: {@link #AUTO} decided, and any other checked.
	 * @throws IllegalStateException when it cannot load here, with Netty's reason as the cause
	 */
	NativeTransport resolve() {
		if (this == AUTO) {
			return (Epoll.isAvailable()) ? EPOLL : NIO;
		}
		Throwable cause = this.unavailability.get();
		if (cause != null) {
			throw new IllegalStateException("The " + tag() + " transport cannot load here: " + cause, cause);
		}
		return this;
	}

	IoHandlerFactory handlers() {
		return this.handlers.get();
	}

	Class<? extends ServerChannel> serverChannel() {
		return this.serverChannel;
	}

	/** Lower-case, hyphenated name, as in configuration, logs and health. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
