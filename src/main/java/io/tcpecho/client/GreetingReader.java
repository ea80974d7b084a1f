package io.tcpecho.client;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

/**
 * Waits for the line the server greets each connection with, before the first line is sent,
 * which the outbound gateway hands on as an unsolicited message.
 */
class GreetingReader {

	private final QueueChannel greetings;

	private final EchoClientProperties properties;

	GreetingReader(QueueChannel greetings, EchoClientProperties properties) {
		this.greetings = greetings;
		this.properties = properties;
	}

	/**
	 * The greeting's bytes.
	 * @throws MessageTimeoutException when none comes within the reply timeout
	 */
	byte[] read() {
		Message<?> greeting = this.greetings.receive(this.properties.replyTimeout().toMillis());
		if (greeting == null) {
			throw new MessageTimeoutException("No greeting within the reply timeout");
		}
		return (byte[]) greeting.getPayload();
	}

}
