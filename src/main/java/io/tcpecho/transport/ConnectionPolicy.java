package io.tcpecho.transport;

import java.time.Duration;

/**
 * How a listener admits, times and ends its connections.
 *
 * @param maxConnections most connections open at once; one more is closed as soon as it is accepted
 * @param idleTimeout closes a connection with neither a whole message in nor a reply out for this long; 0 never does
 * @param writeTimeout resets a connection whose peer takes none of its pending replies for this long,
 * and a graceful close that cannot flush within it; 0 never does
 * @param linger after its FIN, how long a closing connection reads and drops what still arrives,
 * unless the peer's FIN comes first; 0 closes at once
 * @param proxyProtocol whether connections start with a PROXY protocol header
 */
public record ConnectionPolicy(int maxConnections, Duration idleTimeout, Duration writeTimeout, Duration linger,
		ProxyProtocol proxyProtocol) {

}
