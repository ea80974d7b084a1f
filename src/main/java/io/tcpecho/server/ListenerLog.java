package io.tcpecho.server;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;

/**
 * Says, once the echo listener is bound, where it listens and with which limits.
 */
class ListenerLog {

	private static final Log logger = LogFactory.getLog(ListenerLog.class);

	private final EchoServerProperties properties;

	ListenerLog(EchoServerProperties properties) {
		this.properties = properties;
	}

	@EventListener
	void listening(TcpConnectionServerListeningEvent event) {
		String address = this.properties.bindAddress();
		logger.info("Echo server listening on %s:%d (framing %s, max line %d bytes, backlog %d)".formatted(
				(address == null || address.isBlank()) ? "0.0.0.0" : address, event.getPort(),
				this.properties.framing().name().toLowerCase().replace('_', '-'), this.properties.maxPayloadBytes(),
				this.properties.backlog()));
	}

}
