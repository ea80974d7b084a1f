package io.tcpecho.faults;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.ConnectionCustomizer;
import io.tcpecho.transport.Framing;
import org.jspecify.annotations.Nullable;

/**
 * The faults of one listener, changed at runtime by an operator: each new connection draws its own
 * and gets the handlers that play them, so the echo path of the others does no extra work.
 */
public final class ListenerFaults extends FaultRules implements ConnectionCustomizer {

	/** How often the bandwidth fault's shaper measures: a tenth of a second, so that pacing is smooth. */
	private static final long BANDWIDTH_CHECK_MILLIS = 100;

	private final Framing framing;

	/**
	 * @param listener the listener's name
	 * @param framing its framing, by which the line-counting faults cut a read
	 * @param faults its configured faults ({@code PREFIX.faults[N]}), named by {@code prefix} when one is wrong
	 * @param meters counts the connections each fault type hits
	 * @throws IllegalArgumentException naming the first configured fault that is wrong
	 */
	public ListenerFaults(String listener, Framing framing, List<FaultProperties> faults, String prefix,
			MeterRegistry meters) {
		super(listener, false, faults, prefix, meters);
		this.framing = framing;
	}

	@Override
	public void customize(Connection connection, ChannelPipeline pipeline) {
		if (rules().isEmpty()) {
			return;
		}
		List<Fault> hits = draw(connection);
		if (hits.isEmpty()) {
			return;
		}
		connection.faulted(hits.stream().map((fault) -> fault.type().tag()).toList());
		Fault ending = first(hits, null);
		if (first(hits, FaultType.RESET_ON_ACCEPT) != null) {
			connection.recordCloseReason(FaultType.RESET_ON_ACCEPT.closeReason());
			pipeline.channel().config().setOption(ChannelOption.SO_LINGER, 0);
			pipeline.channel().close();
			return;
		}
		Fault bandwidth = first(hits, FaultType.BANDWIDTH);
		if (bandwidth != null) {
			// Netty's shaper paces the writes, and turns the channel unwritable while it holds them back
			pipeline.addLast("fault-bandwidth", new ChannelTrafficShapingHandler(bandwidth.rate(), 0,
					BANDWIDTH_CHECK_MILLIS));
		}
		Fault latency = first(hits, FaultType.LATENCY);
		Fault slicer = first(hits, FaultType.SLICER);
		if (latency != null || slicer != null) {
			pipeline.addLast("fault-shaping", new ShapingFaultHandler(connection, latency, slicer));
		}
		if (ending != null) {
			pipeline.addLast("fault-ending", new EndingFaultHandler(connection, this.framing, ending));
		}
		else {
			// a fault that only changes how echoes are written names the connection's end too
			connection.recordCloseReason(hits.get(0).type().closeReason());
		}
	}

	/** The faults that hit a new connection, each decided by its probability. */
	private List<Fault> draw(Connection connection) {
		List<Fault> drawn = new ArrayList<>(0);
		for (Rule rule : rules()) {
			if (draw(rule, connection::localPort)) {
				drawn.add(rule.fault());
			}
		}
		return drawn;
	}

	/** The first fault of {@code type}, or the first ending one when {@code type} is null. */
	private static @Nullable Fault first(List<Fault> faults, @Nullable FaultType type) {
		return faults.stream()
			.filter((fault) -> (type != null) ? fault.type() == type : fault.type().isEnding())
			.findFirst()
			.orElse(null);
	}

}
