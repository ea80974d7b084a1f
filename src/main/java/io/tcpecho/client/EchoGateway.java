package io.tcpecho.client;

import org.springframework.context.annotation.Profile;
import org.springframework.integration.annotation.MessagingGateway;

/**
 * Sends one line to the echo server and returns its echo; inject it to use the server from Spring code.
 */
@MessagingGateway(name = "echoGateway", defaultRequestChannel = EchoGateway.REQUESTS)
@Profile("client")
public interface EchoGateway {

	/** The channel the client flow reads requests from. */
	String REQUESTS = "echoClientRequests";

	/**
	 * Echoes a line.
	 * @param line the payload, without its terminator
	 * @return the bytes the server sent back
	 * @throws org.springframework.messaging.MessagingException if the server cannot be
	 * reached, closes or resets the connection, or does not answer in time
	 */
	byte[] echo(byte[] line);

}
