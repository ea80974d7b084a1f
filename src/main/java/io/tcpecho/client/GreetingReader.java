package io.tcpecho.client;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.ip.tcp.connection.TcpNetClientConnectionFactory;
import org.springframework.messaging.Message;

/**
 * Connects before the first line and waits for the line the server greets each connection with,
 * which the outbound gateway hands on as an unsolicited message.
 */
class GreetingReader {

	private final TcpNetClientConnectionFactory factory;

	private final QueueChannel greetings;

	private final EchoClientProperties properties;

	GreetingReader(TcpNetClientConnectionFactory factory, QueueChannel greetings, EchoClientProperties properties) {
		this.factory = factory;
		this.greetings = greetings;
		this.properties = properties;
	}

	/**
	 * The greeting's bytes.
	 * @throws MessageTimeoutException when none comes within the reply timeout
	 */
	byte[] read() {
		try {
			// the gateway later sends on this same shared connection
			this.factory.getConnection();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Message<?> greeting = this.greetings.receive(this.properties.replyTimeout().toMillis());
		if (greeting == null) {
			throw new MessageTimeoutException("No greeting within the reply timeout");
		}
		return (byte[]) greeting.getPayload();
	}

}
