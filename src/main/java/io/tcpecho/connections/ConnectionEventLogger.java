package io.tcpecho.connections;

import io.tcpecho.server.EchoServerProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpConnectionExceptionEvent;

/**
 * Logs once, with the peer, each connection that ends because of what the peer sent.
 */
class ConnectionEventLogger {

	private static final Log logger = LogFactory.getLog(ConnectionEventLogger.class);

	private final EchoServerProperties properties;

	ConnectionEventLogger(EchoServerProperties properties) {
		this.properties = properties;
	}

	@EventListener
	void onReadFailure(TcpConnectionExceptionEvent event) {
		CloseReason reason = CloseReason.of(event.getCause());
		TcpConnection connection = (TcpConnection) event.getSource();
		String peer = connection.getHostAddress() + ":" + connection.getPort();
		switch (reason) {
			case LINE_TOO_LONG -> logger.warn("Closing connection from %s: line longer than %d bytes (echo.server.max-line-length)"
				.formatted(peer, this.properties.maxPayloadBytes()));
			case ERROR -> logger.warn("Closing connection from %s: %s".formatted(peer, event.getCause().getMessage()));
			default -> logger.debug("Connection from %s ended: %s".formatted(peer, reason.tag()));
		}
	}

}
