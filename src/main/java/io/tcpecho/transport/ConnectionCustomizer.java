package io.tcpecho.transport;

import io.netty.channel.ChannelPipeline;

/**
 * The transport's one extension point: adds a feature's handlers to a new connection's pipeline,
 * after the decoder and before the echo.
 */
@FunctionalInterface
public interface ConnectionCustomizer {

	/**
	 * Called on the connection's event loop as it is accepted, before it opens; it may close the
	 * channel at once, after recording why on the connection.
	 */
	void customize(Connection connection, ChannelPipeline pipeline);

}
