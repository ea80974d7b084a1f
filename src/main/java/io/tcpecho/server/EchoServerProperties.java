package io.tcpecho.server;

import java.time.Duration;

import io.tcpecho.transport.Framing;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the echo listener.
 *
 * @param port TCP port to listen on; 0 picks a free port, which is logged at startup.
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
 * @param eventLoops event-loop threads serving the connections; 0 is one per core (bench/RESULTS.md says why).
 * @param shutdown how the server drains its connections when it stops.
 */
@ConfigurationProperties("echo.server")
public record EchoServerProperties(
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
		@DefaultValue("0") int eventLoops,
		@DefaultValue Shutdown shutdown) {

	/** The longest payload in bytes. */
	public int maxPayloadBytes() {
		return Math.toIntExact(this.maxLineLength.toBytes());
	}

	/**
	 * The drain on SIGTERM or context close.
	 *
	 * @param timeout deadline of the drain; connections still busy then are closed. Below
	 * Docker's 10 s stop timeout.
	 * @param quietPeriod a connection with nothing in flight is closed once it has been quiet
	 * this long.
	 */
	public record Shutdown(
			@DefaultValue("8s") Duration timeout,
			@DefaultValue("500ms") Duration quietPeriod) {
	}

}
