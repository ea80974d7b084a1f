package io.tcpecho.faults;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The faults of one listener, changed at runtime by an operator, each with its own random draws
 * and count of hits; a type that means nothing for the listener's protocol is refused.
 */
public abstract sealed class FaultRules permits ListenerFaults, DatagramFaults {

	private final String listener;

	private final boolean datagrams;

	private final MeterRegistry meters;

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	/**
	 * @param datagrams whether the listener answers UDP rather than TCP
	 * @param faults its configured faults ({@code PREFIX.faults[N]}), named by {@code prefix} when one is wrong
	 * @throws IllegalArgumentException naming the first configured fault that is wrong
	 */
	FaultRules(String listener, boolean datagrams, List<FaultProperties> faults, String prefix, MeterRegistry meters) {
		this.listener = listener;
		this.datagrams = datagrams;
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

	/** The type of each fault, as configured, for the startup line. */
	public List<String> types() {
		return this.rules.stream().map((rule) -> rule.fault().type().tag()).toList();
	}

	/** @throws IllegalArgumentException when its type means nothing for the listener's protocol */
	void add(Fault fault) {
		if (!fault.type().appliesTo(this.datagrams)) {
			throw new IllegalArgumentException("a %s fault means nothing for a %s listener".formatted(fault.type().tag(),
					this.datagrams ? "udp" : "tcp"));
		}
		this.rules.add(new Rule(fault, (fault.seed() != null) ? new Random(fault.seed()) : new Random()));
	}

	void clear() {
		this.rules.clear();
	}

	/** Each fault and how many connections, or datagrams, it has hit. */
	List<Hits> hits() {
		return this.rules.stream().map((rule) -> new Hits(rule.fault(), rule.hits.get())).toList();
	}

	List<Rule> rules() {
		return this.rules;
	}

	/** Whether {@code rule} hits, by its probability; counted when it does. */
	boolean draw(Rule rule, IntSupplier port) {
		boolean hit;
		synchronized (rule.random()) {
			hit = rule.fault().probability() >= 1 || rule.random().nextDouble() < rule.fault().probability();
		}
		if (hit) {
			rule.hits.incrementAndGet();
			Counter counter = rule.counter;
			if (counter == null) {
				// registered at the first hit, then kept: a UDP fault draws once per datagram
				counter = Counter.builder("echo.faults")
					.description("Connections (TCP) or datagrams (UDP) a fault hit, by fault type")
					.tag("listener", this.listener)
					.tag("port", String.valueOf(port.getAsInt()))
					.tag("type", rule.fault().type().tag())
					.register(this.meters);
				rule.counter = counter;
			}
			counter.increment();
		}
		return hit;
	}

	/** A fault and the connections or datagrams it has hit. */
	record Hits(Fault fault, long hits) {
	}

	/** A fault, its draws, and its hits: counted here, and on its meter once it has one. */
	static final class Rule {

		private final Fault fault;

		private final Random random;

		private final AtomicLong hits = new AtomicLong();

		private volatile @Nullable Counter counter;

		Rule(Fault fault, Random random) {
			this.fault = fault;
			this.random = random;
		}

		Fault fault() {
			return this.fault;
		}

		Random random() {
			return this.random;
		}

	}

}
