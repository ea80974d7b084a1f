package io.tcpecho.faults;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.udp.DatagramCustomizer;
import io.tcpecho.udp.DatagramFlow;
import io.tcpecho.udp.DropReason;

/**
 * The faults of one UDP listener: each draws per datagram, except blackhole, which draws once per flow.
 */
public final class DatagramFaults extends FaultRules implements DatagramCustomizer {

	private final IntSupplier port;

	/**
	 * @param port the port it is bound to, known once it is, for the meter's tag
	 * @param faults its configured faults ({@code PREFIX.faults[N]}), named by {@code prefix} when one is wrong
	 * @param meters counts the datagrams each fault type hits
	 * @throws IllegalArgumentException naming the first configured fault that is wrong
	 */
	public DatagramFaults(String listener, IntSupplier port, List<FaultProperties> faults, String prefix,
			MeterRegistry meters) {
		super(listener, true, faults, prefix, meters);
		this.port = port;
	}

	@Override
	public Reply customize(DatagramFlow flow, int length) {
		List<Rule> rules = rules();
		if (rules.isEmpty()) {
			return Reply.asIs(length);
		}
		int copies = 1;
		long delay = 0;
		int sent = length;
		for (Rule rule : rules) {
			Fault fault = rule.fault();
			if (fault.type() == FaultType.BLACKHOLE) {
				if (flow.flaggedOnce(() -> draw(rule, this.port))) {
					return Reply.drop(DropReason.FAULT_BLACKHOLE);
				}
				continue;
			}
			if (!draw(rule, this.port)) {
				continue;
			}
			switch (fault.type()) {
				case DROP -> {
					return Reply.drop(DropReason.FAULT_DROP);
				}
				case DUPLICATE -> copies = 2;
				case TRUNCATE -> sent = Math.min(sent, fault.bytes());
				case LATENCY -> delay = delay(fault);
				default -> throw new IllegalStateException("Not a datagram fault: " + fault.type().tag());
			}
		}
		return new Reply(null, copies, delay, sent);
	}

	private static long delay(Fault fault) {
		long jitter = fault.jitter().toNanos();
		long offset = (jitter > 0) ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0;
		return Math.max(0, fault.latency().toNanos() + offset);
	}

}
