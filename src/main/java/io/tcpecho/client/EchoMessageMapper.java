package io.tcpecho.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.tcp.connection.TcpConnection;
import org.springframework.integration.ip.tcp.connection.TcpMessageMapper;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * Maps echoes to messages that carry the connection id alone, which the outbound gateway needs to
 * match a reply to its request; payloads to send go to the serializer as they are.
 */
final class EchoMessageMapper extends TcpMessageMapper {

	EchoMessageMapper() {
		setStringToBytes(false); // byte[] or Lines
	}

	/** The message of an echo: its payload and the connection id, which is all a reply needs. */
	@Override
	public @Nullable Message<?> toMessage(TcpConnection connection, @Nullable Map<String, Object> headers) {
		Object payload = connection.getPayload();
		return (payload != null)
				? new GenericMessage<>(payload, Map.of(IpHeaders.CONNECTION_ID, connection.getConnectionId())) : null;
	}

}
