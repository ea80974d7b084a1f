package io.tcpecho.server;

import io.tcpecho.transport.NettyServerConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.integration.ip.tcp.connection.TcpConnectionServerListeningEvent;

/**
 * Says, once each listener is bound, where it listens and how.
 */
class ListenerLog {

	private static final Log logger = LogFactory.getLog(ListenerLog.class);

	@EventListener
	void listening(TcpConnectionServerListeningEvent event) {
		if (!(event.getSource() instanceof NettyServerConnectionFactory factory)) {
			return;
		}
		String address = factory.getLocalAddress();
		String faults = factory.faults()
			.hits()
			.stream()
			.map((hits) -> hits.fault().type().tag())
			.reduce((a, b) -> a + ", " + b)
			.map((types) -> ", faults: " + types)
			.orElse("");
		logger.info("Echo server listening on %s:%d (listener %s, framing %s, max line %d bytes, backlog %d%s%s%s)"
			.formatted((address == null || address.isBlank()) ? "0.0.0.0" : address, event.getPort(), factory.name(),
					factory.framing().name().toLowerCase().replace('_', '-'), factory.maxPayload(),
					factory.getBacklog(), factory.isTls() ? ", TLS" : "",
					switch (factory.proxyProtocol()) {
						case OFF -> "";
						case OPTIONAL -> ", PROXY protocol optional";
						case REQUIRED -> ", PROXY protocol required";
					}, faults));
	}

}
