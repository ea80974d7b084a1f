package io.tcpecho.connections;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.tcpecho.server.EchoListeners;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionListener;
import io.tcpecho.transport.TcpInfo;
import io.tcpecho.transport.TlsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.core.NestedExceptionUtils;

/**
 * One line when a connection opens and one when it closes, at WARN when the peer's input ended
 * it; failed TLS handshakes, bad PROXY headers and rejections at the limit warn at most every ten
 * seconds, with how many there were.
 */
class ConnectionLog implements ConnectionListener {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionLog.class);

	private static final Duration WARNING_PERIOD = Duration.ofSeconds(10);

	private final Map<String, Integer> maxPayloadBytes;

	private final WarningLimiter rejections = new WarningLimiter(WARNING_PERIOD);

	private final Map<CloseReason, WarningLimiter> floods = new EnumMap<>(Map.of(CloseReason.TLS_HANDSHAKE,
			new WarningLimiter(WARNING_PERIOD), CloseReason.PROXY_PROTOCOL_ERROR, new WarningLimiter(WARNING_PERIOD)));

	/** @param maxPayloadBytes each listener's longest line, by listener name */
	ConnectionLog(Map<String, Integer> maxPayloadBytes) {
		this.maxPayloadBytes = Map.copyOf(maxPayloadBytes);
	}

	@Override
	public void opened(Connection connection) {
		if (!logger.isInfoEnabled()) {
			// the line's arguments cost more than the check, once per connection
			return;
		}
		withPeer(logger.atInfo(), connection).addKeyValue("event", "connection-opened")
			.log("Connection opened from {}{} on listener {}{}", connection.peer(), via(connection),
					connection.listener(), connection.faults().isEmpty() ? "" : ", faults " + connection.faults());
	}

	@Override
	public void closed(Connection connection) {
		CloseReason reason = (connection.closeReason() != null) ? connection.closeReason() : CloseReason.CLIENT_CLOSED;
		long millis = Duration.between(connection.openedAt(), Instant.now()).toMillis();
		Level level = Level.INFO;
		String why = "";
		switch (reason) {
			case LINE_TOO_LONG -> {
				level = Level.WARN;
				why = ": line longer than %d bytes (%s.max-line-length)".formatted(
						this.maxPayloadBytes.getOrDefault(connection.listener(), 0),
						EchoListeners.prefix(connection.listener()));
			}
			case ERROR -> {
				level = Level.WARN;
				why = ": " + connection.closeCause();
			}
			case TLS_HANDSHAKE, PROXY_PROTOCOL_ERROR -> {
				long events = this.floods.get(reason).event();
				level = (events > 0) ? Level.WARN : Level.INFO;
				why = ": " + message(connection.closeCause()) + ((events > 1)
						? " (%d such connections in the last %d s)".formatted(events, WARNING_PERIOD.toSeconds()) : "");
			}
			default -> {
			}
		}
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		LoggingEventBuilder line = withPeer(logger.atLevel(level), connection).addKeyValue("event", "connection-closed")
			.addKeyValue("durationMs", millis)
			.addKeyValue("linesIn", connection.traffic().linesIn())
			.addKeyValue("linesOut", connection.traffic().linesOut())
			.addKeyValue("bytesIn", connection.traffic().bytesIn())
			.addKeyValue("bytesOut", connection.traffic().bytesOut())
			.addKeyValue("bytesDiscarded", connection.traffic().bytesDiscarded())
			.addKeyValue("reason", reason.tag());
		TcpInfo tcpInfo = connection.lastTcpInfo();
		if (tcpInfo != null) {
			line = line.addKeyValue("rttMicros", tcpInfo.rttMicros())
				.addKeyValue("totalRetransmits", tcpInfo.totalRetransmits());
		}
		TlsSession tls = connection.tls();
		if (tls != null) {
			line = line.addKeyValue("tlsProtocol", tls.protocol()).addKeyValue("tlsCipherSuite", tls.cipherSuite());
			if (tls.peerSubject() != null) {
				line = line.addKeyValue("tlsPeerSubject", tls.peerSubject());
			}
		}
		long discarded = connection.traffic().bytesDiscarded();
		line.log("Connection closed from {}{} after {} ms: {} lines, {} bytes in, {} bytes out{}, {}{}{}{}",
				connection.peer(), via(connection), millis, connection.traffic().linesOut(), connection.traffic().bytesIn(),
				connection.traffic().bytesOut(), (discarded > 0) ? ", " + discarded + " bytes discarded" : "",
				reason.tag(), why, (tls != null) ? " [" + describe(tls) + "]" : "",
				(tcpInfo != null) ? " (rtt " + tcpInfo.rttMicros() + " us, " + tcpInfo.totalRetransmits() + " retransmits)" : "");
	}

	@Override
	public void rejected(String listener, InetSocketAddress peer, int limit) {
		long rejected = this.rejections.event();
		if (rejected > 0) {
			logger.warn("Rejected {} connection(s) over {}.max-connections={}, the latest from {}:{}", rejected,
					EchoListeners.prefix(listener), limit, peer.getAddress().getHostAddress(), peer.getPort());
		}
	}

	private static LoggingEventBuilder withPeer(LoggingEventBuilder line, Connection connection) {
		LoggingEventBuilder result = line.addKeyValue("peer", connection.peer())
			.addKeyValue("listener", connection.listener())
			.addKeyValue("connectionId", connection.id());
		return (connection.proxy() != null) ? result.addKeyValue("proxy", connection.proxy()) : result;
	}

	private static String via(Connection connection) {
		return (connection.proxy() != null) ? " via proxy " + connection.proxy() : "";
	}

	private static String describe(TlsSession tls) {
		return tls.protocol() + " " + tls.cipherSuite() + ((tls.peerSubject() != null) ? ", client " + tls.peerSubject() : "");
	}

	private static String message(@Nullable Throwable cause) {
		if (cause == null) {
			return "no cause";
		}
		Throwable root = NestedExceptionUtils.getMostSpecificCause(cause);
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

}
