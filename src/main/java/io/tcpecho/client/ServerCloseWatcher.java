package io.tcpecho.client;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.integration.ip.tcp.outbound.TcpOutboundGateway;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * Remembers how the server ended the client's connection. Spring Integration tells a waiting
 * gateway about resets but not about an orderly close, and would quietly reconnect for the
 * next line; the classic client reports "server terminated prematurely" instead.
 */
class ServerCloseWatcher {

	private final TcpNetClientConnectionFactory factory;

	private final @Nullable TcpOutboundGateway gateway;

	private final CompletableFuture<Throwable> closed = new CompletableFuture<>();

	/** @param gateway told when a close ends its wait for a reply; null in batch mode, which has none */
	ServerCloseWatcher(TcpNetClientConnectionFactory factory, @Nullable TcpOutboundGateway gateway) {
		this.factory = factory;
		this.gateway = gateway;
	}

	@EventListener
	void onReadFailure(TcpConnectionExceptionEvent event) {
		if (!(event.getSource() instanceof TcpConnection connection)
				|| !this.factory.getComponentName().equals(event.getConnectionFactoryName())) {
			return;
		}
		Throwable cause = event.getCause();
		ClientFailure kind = ClientFailure.of(cause);
		// a read that fails on a socket we closed ourselves, such as after a reply timeout, is ours
		boolean ours = !connection.isOpen();
		if (!ours && (kind == ClientFailure.SERVER_TERMINATED || kind == ClientFailure.RESET)) {
			this.closed.complete(cause);
		}
		if (cause instanceof SoftEndOfStreamException && this.gateway != null) {
			// end a wait for a reply that will never come, as Spring Integration does for a reset
			this.gateway.onMessage(new ErrorMessage(new ServerTerminatedException(cause),
					Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId())));
		}
	}

	/** How the server ended the connection, or null while it is open. */
	@Nullable Throwable failure() {
		return this.closed.getNow(null);
	}

	/** Completes, on the connection's reading thread, when the server ends the connection. */
	CompletableFuture<Throwable> closed() {
		return this.closed;
	}

	/** The server closed the connection while the client still had something to say. */
	static class ServerTerminatedException extends RuntimeException {

		ServerTerminatedException(Throwable cause) {
			super("server terminated prematurely", cause);
		}

	}

}
