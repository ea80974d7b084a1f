package io.tcpecho.server;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Maps each line to a message with the one header the gateway needs to route the reply, the
 * connection id. The standard mapper also adds the peer's host, address and port and the local
 * address (a system call) to every line, which the echo never reads; the connections endpoint
 * shows them per connection instead.
 */
class EchoMessageMapper extends TcpMessageMapper {

	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		Object payload = connection.getPayload();
		if (payload == null) {
			return null;
		}
		// not through a MessageBuilder, which fills a mutable set of headers (with an id of its own)
		// only to copy it into the message's
		return new GenericMessage<>(payload, Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId()));
	}

}
