package io.tcpecho.udp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One UDP flow: a peer address and port seen within the listener's flow timeout, and what it sent and was sent.
 */
public final class DatagramFlow {

	private final String listener;

	private final InetSocketAddress peer;

	private final Instant firstSeen;

	private volatile Instant lastSeen;

	private final AtomicLong datagramsIn = new AtomicLong();

	private final AtomicLong datagramsOut = new AtomicLong();

	private final AtomicLong bytesIn = new AtomicLong();

	private final AtomicLong bytesOut = new AtomicLong();

	/** A decision taken once per flow (a fault that hits whole flows); null until taken. */
	private volatile Boolean flagged;

	private final AtomicBoolean warned = new AtomicBoolean();

	DatagramFlow(String listener, InetSocketAddress peer, Instant now) {
		this.listener = listener;
		this.peer = peer;
		this.firstSeen = now;
		this.lastSeen = now;
	}

	public String listener() {
		return this.listener;
	}

	public InetSocketAddress peer() {
		return this.peer;
	}

	public Instant firstSeen() {
		return this.firstSeen;
	}

	public Instant lastSeen() {
		return this.lastSeen;
	}

	public long datagramsIn() {
		return this.datagramsIn.get();
	}

	public long datagramsOut() {
		return this.datagramsOut.get();
	}

	public long bytesIn() {
		return this.bytesIn.get();
	}

	public long bytesOut() {
		return this.bytesOut.get();
	}

	/** The decision {@code draw} takes for this flow, drawn at the first call only. */
	public boolean flaggedOnce(BooleanSupplier draw) {
		Boolean decided = this.flagged;
		if (decided == null) {
			decided = draw.getAsBoolean();
			this.flagged = decided;
		}
		return decided;
	}

	/** True the first time only: what is logged once per flow. */
	boolean firstWarning() {
		return this.warned.compareAndSet(false, true);
	}

	void received(int bytes, Instant now) {
		this.lastSeen = now;
		this.datagramsIn.incrementAndGet();
		this.bytesIn.addAndGet(bytes);
	}

	void sent(int bytes) {
		this.datagramsOut.incrementAndGet();
		this.bytesOut.addAndGet(bytes);
	}

}
