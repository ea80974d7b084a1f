package io.tcpecho.udp;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flows of one listener, least recently seen first: a flow quiet for the flow timeout is
 * forgotten, and past max-flows the oldest go first, so that a flood of spoofed sources cannot grow
 * the memory.
 */
final class DatagramFlows {

	private final String listener;

	private final int maxFlows;

	private final Duration timeout;

	/** In access order: the least recently seen first, which is what both limits remove. */
	private final LinkedHashMap<InetSocketAddress, DatagramFlow> flows;

	DatagramFlows(String listener, int maxFlows, Duration timeout) {
		this.listener = listener;
		this.maxFlows = maxFlows;
		this.timeout = timeout;
		this.flows = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, DatagramFlow> eldest) {
				return size() > DatagramFlows.this.maxFlows;
			}

		};
	}

	/** The flow of a datagram from {@code peer}, counted in; a new one when it was not remembered. */
	synchronized DatagramFlow received(InetSocketAddress peer, int bytes, Instant now) {
		expire(now);
		DatagramFlow flow = this.flows.computeIfAbsent(peer, (address) -> new DatagramFlow(this.listener, address, now));
		flow.received(bytes, now);
		return flow;
	}

	/** The flows remembered now, least recently seen first. */
	synchronized List<DatagramFlow> list(Instant now) {
		expire(now);
		return List.copyOf(this.flows.values());
	}

	synchronized int size(Instant now) {
		expire(now);
		return this.flows.size();
	}

	private void expire(Instant now) {
		Instant oldest = now.minus(this.timeout);
		Iterator<DatagramFlow> eldest = this.flows.values().iterator();
		while (eldest.hasNext() && eldest.next().lastSeen().isBefore(oldest)) {
			eldest.remove();
		}
	}

}
