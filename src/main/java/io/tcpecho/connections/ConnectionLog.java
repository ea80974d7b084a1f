package io.tcpecho.connections;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One line when a connection opens and one when it closes, at WARN when the peer's input ended
 * it; rejections at the limit in one WARN at most every ten seconds.
 */
class ConnectionLog implements ConnectionListener {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionLog.class);

	private static final long REJECTION_WARNING_NANOS = Duration.ofSeconds(10).toNanos();

	private final int maxPayloadBytes;

	private final AtomicLong rejectedSinceWarning = new AtomicLong();

	private final AtomicLong lastRejectionWarning = new AtomicLong(System.nanoTime() - REJECTION_WARNING_NANOS);

	ConnectionLog(int maxPayloadBytes) {
		this.maxPayloadBytes = maxPayloadBytes;
	}

	@Override
	public void opened(Connection connection) {
		logger.atInfo()
			.addKeyValue("event", "connection-opened")
			.addKeyValue("peer", connection.peer())
			.addKeyValue("connectionId", connection.id())
			.log("Connection opened from {}", connection.peer());
	}

	@Override
	public void closed(Connection connection) {
		CloseReason reason = (connection.closeReason() != null) ? connection.closeReason() : CloseReason.CLIENT_CLOSED;
		long millis = Duration.between(connection.openedAt(), Instant.now()).toMillis();
		String why = switch (reason) {
			case LINE_TOO_LONG -> ": line longer than %d bytes (echo.server.max-line-length)".formatted(this.maxPayloadBytes);
			case ERROR -> ": " + connection.closeCause();
			default -> "";
		};
		logger.atLevel((why.isEmpty()) ? Level.INFO : Level.WARN)
			.addKeyValue("event", "connection-closed")
			.addKeyValue("peer", connection.peer())
			.addKeyValue("connectionId", connection.id())
			.addKeyValue("durationMs", millis)
			.addKeyValue("linesIn", connection.linesIn())
			.addKeyValue("linesOut", connection.linesOut())
			.addKeyValue("bytesIn", connection.bytesIn())
			.addKeyValue("bytesOut", connection.bytesOut())
			.addKeyValue("reason", reason.tag())
			.log("Connection closed from {} after {} ms: {} lines, {} bytes in, {} bytes out, {}{}", connection.peer(),
					millis, connection.linesOut(), connection.bytesIn(), connection.bytesOut(), reason.tag(), why);
	}

	@Override
	public void rejected(InetSocketAddress peer, int limit) {
		long rejected = this.rejectedSinceWarning.incrementAndGet();
		long now = System.nanoTime();
		long last = this.lastRejectionWarning.get();
		if (now - last >= REJECTION_WARNING_NANOS && this.lastRejectionWarning.compareAndSet(last, now)) {
			this.rejectedSinceWarning.addAndGet(-rejected);
			logger.warn("Rejected {} connection(s) over echo.server.max-connections={}, the latest from {}:{}", rejected,
					limit, peer.getAddress().getHostAddress(), peer.getPort());
		}
	}

}
