package io.tcpecho.server;

import java.util.List;
import java.util.Locale;

import io.tcpecho.faults.ListenerFaults;
import io.tcpecho.transport.ConnectionListener;
import io.tcpecho.transport.Listener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Says, once each listener is bound, where it listens and how.
 */
class ListenerLog implements ConnectionListener {

	private static final Log logger = LogFactory.getLog(ListenerLog.class);

	private final ObjectProvider<ListenerFaults> faults;

	ListenerLog(ObjectProvider<ListenerFaults> faults) {
		this.faults = faults;
	}

	@Override
	public void listening(Listener listener) {
		List<String> types = this.faults.stream()
			.filter((faults) -> faults.listener().equals(listener.name()))
			.flatMap((faults) -> faults.types().stream())
			.toList();
		String address = listener.getLocalAddress();
		logger.info("Echo server listening on %s:%d (listener %s, %s transport, framing %s, max line %d bytes, backlog %d%s%s%s)"
			.formatted((address == null || address.isBlank()) ? "0.0.0.0" : address, listener.getPort(), listener.name(), listener.transport().tag(),
					listener.framing().name().toLowerCase(Locale.ROOT).replace('_', '-'), listener.maxPayload(),
					listener.getBacklog(), listener.isTls() ? ", TLS" : "",
					switch (listener.proxyProtocol()) {
						case OFF -> "";
						case OPTIONAL -> ", PROXY protocol optional";
						case REQUIRED -> ", PROXY protocol required";
					}, types.isEmpty() ? "" : ", faults: " + String.join(", ", types)));
	}

}
