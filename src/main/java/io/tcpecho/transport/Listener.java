package io.tcpecho.transport;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * One listening port as the rest of the application sees it: what it is, and how to stop it accepting.
 */
public interface Listener {

	/** The listener's name. */
	String name();

	/** The transport its event loops run. */
	NativeTransport transport();

	/** What its connections have echoed, summed. */
	ListenerStats stats();

	/** The bound port, or the configured one before the bind. */
	int getPort();

	/** The configured address to bind, or null or blank for every interface. */
	@Nullable String getLocalAddress();

	/** The bound address, or null before the bind. */
	@Nullable InetSocketAddress boundAddress();

	boolean isListening();

	Framing framing();

	/** The longest payload accepted, framing excluded. */
	int maxPayload();

	/** The most connections served at once. */
	int maxConnections();

	int getBacklog();

	boolean isTls();

	ProxyProtocol proxyProtocol();

	/**
	 * Closes the listening socket, so that new connections are refused by the kernel rather than
	 * accepted and dropped; open connections go on.
	 */
	void stopAccepting();

}
