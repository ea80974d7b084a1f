package io.tcpecho.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the {@code bench} load tool.
 *
 * @param host server to load; the first positional argument of {@code bench}.
 * @param port server port; the second positional argument of {@code bench}.
 * @param connections connections that send lines.
 * @param duration how long to send; ignored when {@code count} is set.
 * @param count total lines to send over all connections; 0 sends for {@code duration}.
 * @param payloadSize bytes of payload per line, not counting the CRLF.
 * @param inFlight lines each connection may have sent and not yet seen echoed; 1 is ping-pong.
 * @param rate total lines per second at a fixed rate, spread over the connections; 0 is closed
 * loop (send as soon as a line may be in flight). At a fixed rate, latency runs from the
 * scheduled send time, so queueing is not hidden.
 * @param idleConnections extra connections opened first, each answered once (its greeting or one
 * echo), then kept silent for the whole run; the tool prints how fast each thousand was accepted.
 * @param connectRate new connections per second in all, each sending {@code linesPerConnection}
 * lines and closing; 0 connects again as soon as a connection closes.
 * @param linesPerConnection close each connection after this many lines and connect again
 * (connection churn); 0 keeps connections for the whole run.
 * @param sourceAddresses local addresses to connect from, in turn: a range such as
 * {@code 127.0.0.2-127.0.0.9} or a comma-separated list; one address has about 28,000 ephemeral
 * ports. Empty lets the kernel choose.
 * @param greeting whether the server greets each connection (echo.server.greeting): the greeting
 * is read before the first line, not counted as an echo, and the run reports how many connections
 * got each distinct greeting, which shows how a load balancer spread them.
 * @param sslBundle name of a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) to speak TLS
 * with; empty is plaintext.
 * @param mode {@code load} measures throughput and latency; {@code continuity} keeps numbered
 * lines flowing at {@code rate} through restarts, reconnecting, and counts what was retried and lost.
 * @param reconnectDelay continuity: how long after a connection ends to connect again.
 * @param deadline continuity: an echo later than this after its scheduled time is late; at the
 * end, how long each connection waits for its last echoes after its half-close.
 * @param maxLost continuity: the most lost lines that still exit 0.
 * @param report continuity: a JSON file to write the report to.
 * @param plot continuity: a PNG file to draw the timeline in.
 * @param protocol tcp, or udp: {@code connections} are then flows, each with its own source port
 * and {@code inFlight} datagrams, each datagram carrying its flow and sequence number.
 * @param replyTimeout udp: a datagram not echoed within this long is counted lost.
 */
@ConfigurationProperties("echo.bench")
public record BenchProperties(
		@DefaultValue("localhost") String host,
		@DefaultValue("9877") int port,
		@DefaultValue("1") int connections,
		@DefaultValue("10s") Duration duration,
		@DefaultValue("0") long count,
		@DefaultValue("64B") DataSize payloadSize,
		@DefaultValue("1") int inFlight,
		@DefaultValue("0") double rate,
		@DefaultValue("0") int idleConnections,
		@DefaultValue("false") boolean greeting,
		@Nullable String sslBundle,
		@DefaultValue("load") Mode mode,
		@DefaultValue("100ms") Duration reconnectDelay,
		@DefaultValue("1s") Duration deadline,
		@DefaultValue("0") long maxLost,
		@Nullable String report,
		@Nullable String plot,
		@Nullable String sourceAddresses,
		@DefaultValue("0") double connectRate,
		@DefaultValue("0") long linesPerConnection,
		@DefaultValue("tcp") Protocol protocol,
		@DefaultValue("1s") Duration replyTimeout) {

	/** What the load tool speaks. */
	public enum Protocol {

		/** Lines over TCP connections. */
		TCP,

		/** Datagrams over UDP flows. */
		UDP

	}

	/** What a run measures. */
	public enum Mode {

		/** Throughput and latency. */
		LOAD,

		/** Lines retried and lost while servers restart. */
		CONTINUITY

	}

	int payloadBytes() {
		return Math.toIntExact(this.payloadSize.toBytes());
	}

	/** The {@code --report} file, when one is asked for. */
	Optional<Path> reportFile() {
		return file(this.report);
	}

	/** The {@code --plot} file, when one is asked for. */
	Optional<Path> plotFile() {
		return file(this.plot);
	}

	private static Optional<Path> file(@Nullable String name) {
		return (name != null && !name.isBlank()) ? Optional.of(Path.of(name)) : Optional.empty();
	}

}
