package io.tcpecho.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
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
public final class ListenerFaults implements ConnectionCustomizer {

	/** How often the bandwidth fault's shaper measures: a tenth of a second, so that pacing is smooth. */
	private static final long BANDWIDTH_CHECK_MILLIS = 100;

	private final String listener;

	private final Framing framing;

	private final MeterRegistry meters;

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	/**
	 * @param listener the listener's name
	 * @param framing its framing, by which the line-counting faults cut a read
	 * @param faults its configured faults ({@code PREFIX.faults[N]}), named by {@code prefix} when one is wrong
	 * @param meters counts the connections each fault type hits
	 * @throws IllegalArgumentException naming the first configured fault that is wrong
	 */
	public ListenerFaults(String listener, Framing framing, List<FaultProperties> faults, String prefix,
			MeterRegistry meters) {
		this.listener = listener;
		this.framing = framing;
		this.meters = meters;
		for (int i = 0; i < faults.size(); i++) {
			try {
				add(faults.get(i).toFault());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("%s.faults[%d]: %s".formatted(prefix, i, ex.getMessage()));
			}
		}
	}

	/** The listener's name. */
	public String listener() {
		return this.listener;
	}

	void add(Fault fault) {
		this.rules.add(new Rule(fault, (fault.seed() != null) ? new Random(fault.seed()) : new Random(),
				new AtomicLong()));
	}

	void clear() {
		this.rules.clear();
	}

	/** The type of each fault, as configured, for the startup line. */
	public List<String> types() {
		return this.rules.stream().map((rule) -> rule.fault().type().tag()).toList();
	}

	/** Each fault and how many connections it has hit. */
	List<Hits> hits() {
		return this.rules.stream().map((rule) -> new Hits(rule.fault(), rule.hits().get())).toList();
	}

	@Override
	public void customize(Connection connection, ChannelPipeline pipeline) {
		if (this.rules.isEmpty()) {
			return;
		}
		List<Fault> hits = draw();
		if (hits.isEmpty()) {
			return;
		}
		connection.faulted(hits.stream().map((fault) -> fault.type().tag()).toList());
		hits.forEach((fault) -> count(connection, fault.type()));
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
	private List<Fault> draw() {
		List<Fault> drawn = new ArrayList<>(0);
		for (Rule rule : this.rules) {
			boolean hit;
			synchronized (rule.random()) {
				hit = rule.fault().probability() >= 1 || rule.random().nextDouble() < rule.fault().probability();
			}
			if (hit) {
				rule.hits().incrementAndGet();
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

	private void count(Connection connection, FaultType type) {
		// registered at the first hit: a listener without faults has no such meter
		Counter.builder("echo.faults")
			.description("Connections a fault hit, by fault type")
			.tag("listener", connection.listener())
			.tag("port", String.valueOf(connection.localPort()))
			.tag("type", type.tag())
			.register(this.meters)
			.increment();
	}

	/** A fault and the connections it has hit. */
	record Hits(Fault fault, long connections) {
	}

	private record Rule(Fault fault, Random random, AtomicLong hits) {
	}

}
