package io.tcpecho.server;

import java.time.Duration;
import java.util.List;

import io.tcpecho.faults.FaultProperties;
import io.tcpecho.transport.Framing;
import io.tcpecho.transport.ProxyProtocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of one listener: the default one under {@code echo.server}, each other one under
 * {@code echo.listeners.NAME}, with the same keys.
 *
 * @param protocol tcp, or udp for a datagram echo (RFC 862); a udp listener refuses the keys
 * that mean nothing for datagrams.
 * @param enabled whether the listener starts; false switches a shipped one off.
 * @param port port to listen on; 0 picks a free port, which is logged at startup.
 * @param bindAddress address of the interface to listen on; empty means all interfaces.
 * @param maxLineLength longest payload accepted in one line, not counting the terminator
 * (CRLF, LF) or the 4-byte length header. A longer line closes its connection.
 * @param backlog length of the listen queue for connections not yet accepted.
 * @param framing how lines are delimited: crlf, lf, or length-header (4-byte big-endian
 * length before each message, for binary data).
 * @param tcpNoDelay whether to set TCP_NODELAY on accepted sockets, so each echo leaves at once.
 * @param keepAlive whether to set SO_KEEPALIVE on accepted sockets, so dead peers are found.
 * @param maxConnections most connections served at once; one more is closed as soon as it is
 * accepted.
 * @param idleTimeout a connection that neither sends a complete line nor is sent an echo for this
 * long is closed with a FIN; 0 never closes one.
 * @param writeTimeout a connection whose peer takes none of its pending echoes for this long
 * (the write buffer stays full) is reset; a graceful close that cannot flush within it ends with a
 * reset too; 0 waits forever.
 * @param ssl TLS on this listener, from a Spring Boot SSL bundle.
 * @param proxyProtocol whether connections start with a PROXY protocol v1/v2 header: off,
 * optional (read one when present) or required.
 * @param greeting one line sent as each connection opens, before any echo; placeholders
 * {host}, {env:NAME}, {listener}, {local-address}, {local-port}, {peer-address}, {peer-port}
 * and {connection-id}. Empty (the default) sends nothing, so the echo stays exact.
 * @param faults failures played on purpose on new connections, or on datagrams (see the README's
 * "Break it on purpose"); none by default.
 * @param maxDatagramSize udp: the largest datagram echoed; a larger one is dropped, never echoed
 * cut short. 65507 bytes is the largest IPv4 UDP payload.
 * @param receiveBufferSize udp: SO_RCVBUF of the listener's socket; empty keeps the kernel's.
 * @param flowTimeout udp: a peer address and port is one flow until it has sent nothing for this long.
 * @param maxFlows udp: the most flows remembered; past it the least recently seen are forgotten first.
 */
@ConfigurationProperties("echo.server")
public record ListenerProperties(
		@DefaultValue("tcp") ListenerProtocol protocol,
		@DefaultValue("true") boolean enabled,
		@DefaultValue("9877") int port,
		@Nullable String bindAddress,
		@DefaultValue("64KB") DataSize maxLineLength,
		@DefaultValue("1024") int backlog,
		@DefaultValue("crlf") Framing framing,
		@DefaultValue("true") boolean tcpNoDelay,
		@DefaultValue("true") boolean keepAlive,
		@DefaultValue("10000") int maxConnections,
		@DefaultValue("10m") Duration idleTimeout,
		@DefaultValue("30s") Duration writeTimeout,
		@DefaultValue Ssl ssl,
		@DefaultValue("off") ProxyProtocol proxyProtocol,
		@Nullable String greeting,
		@DefaultValue List<FaultProperties> faults,
		@DefaultValue("65507B") DataSize maxDatagramSize,
		@Nullable DataSize receiveBufferSize,
		@DefaultValue("30s") Duration flowTimeout,
		@DefaultValue("10000") int maxFlows) {

	/** The longest payload in bytes. */
	public int maxPayloadBytes() {
		return Math.toIntExact(this.maxLineLength.toBytes());
	}

	/**
	 * TLS on a listener.
	 *
	 * @param bundle name of an SSL bundle ({@code spring.ssl.bundle.pem.NAME} or
	 * {@code spring.ssl.bundle.jks.NAME}); its protocols and ciphers apply. Empty is plaintext.
	 * @param clientAuth whether clients must present a certificate: none, want or need.
	 */
	public record Ssl(@Nullable String bundle, @DefaultValue("none") ClientAuth clientAuth) {

		public boolean enabled() {
			return this.bundle != null && !this.bundle.isBlank();
		}

	}

	/** Whether a TLS listener asks clients for a certificate. */
	public enum ClientAuth {

		/** Not asked for. */
		NONE,
		/** Asked for; a client without one is served. */
		WANT,
		/** Required; a client without one fails the handshake. */
		NEED

	}

}
