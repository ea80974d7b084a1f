package io.tcpecho.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults of one listener, changed at runtime by an operator; each new connection draws its own.
 */
public final class ListenerFaults {

	private final List<Rule> rules = new CopyOnWriteArrayList<>();

	public void add(Fault fault) {
		this.rules.add(new Rule(fault, (fault.seed() != null) ? new Random(fault.seed()) : new Random(),
				new AtomicLong()));
	}

	public void clear() {
		this.rules.clear();
	}

	/** Each fault and how many connections it has hit. */
	public List<Hits> hits() {
		return this.rules.stream().map((rule) -> new Hits(rule.fault(), rule.hits().get())).toList();
	}

	boolean isEmpty() {
		return this.rules.isEmpty();
	}

	/** The faults that hit a new connection, each decided by its probability. */
	List<Fault> draw() {
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

	/** A fault and the connections it has hit. */
	public record Hits(Fault fault, long connections) {
	}

	private record Rule(Fault fault, Random random, AtomicLong hits) {
	}

}
