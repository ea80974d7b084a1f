package io.tcpecho.transport;

import java.time.Instant;

/**
 * What has passed through one connection, counted once per read and once per write on its event
 * loop, and added to its listener's totals; read from any thread.
 */
public final class Traffic {

	private final ListenerStats listener;

	// written only on the event loop, so volatile is enough for readers elsewhere
	private volatile long linesIn;

	private volatile long linesOut;

	private volatile long linesDropped;

	private volatile long bytesIn;

	private volatile long bytesOut;

	private volatile long bytesDiscarded;

	private volatile long lastActivityMillis = System.currentTimeMillis();

	private long readNanos;

	Traffic(ListenerStats listener) {
		this.listener = listener;
	}

	public long linesIn() {
		return this.linesIn;
	}

	public long linesOut() {
		return this.linesOut;
	}

	public long bytesIn() {
		return this.bytesIn;
	}

	public long bytesOut() {
		return this.bytesOut;
	}

	/** Bytes read and dropped unechoed: after the connection began to close, or after a refused line. */
	public long bytesDiscarded() {
		return this.bytesDiscarded;
	}

	/** Lines read and not yet echoed. */
	public long inFlight() {
		return this.linesIn - this.linesOut - this.linesDropped;
	}

	/** The last whole message read or echo written. */
	public Instant lastActivity() {
		return Instant.ofEpochMilli(this.lastActivityMillis);
	}

	/** A read brought in these whole messages. */
	void received(Frames frames) {
		this.readNanos = System.nanoTime();
		this.lastActivityMillis = System.currentTimeMillis();
		this.linesIn += frames.count();
		this.bytesIn += frames.wireBytes();
		this.listener.received(frames.wireBytes());
	}

	/** The echoes of these messages were written. */
	void sent(Frames reply) {
		this.lastActivityMillis = System.currentTimeMillis();
		this.linesOut += reply.count();
		this.bytesOut += reply.wireBytes();
		this.listener.sent(reply.count(), reply.wireBytes(), System.nanoTime() - this.readNanos);
	}

	/** These bytes were read and dropped. */
	void discarded(int bytes) {
		this.bytesDiscarded += bytes;
	}

	/** These messages were read but will never be echoed: the flow failed them. */
	void dropped(int messages) {
		this.linesDropped += messages;
	}

}
