package io.tcpecho.bench;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One connection slot of a continuity run, on one event loop: a stream of numbered lines at a fixed
 * rate that carries on over reconnects; the lines a connection left unanswered are sent again on
 * the next, counted retried after the server's FIN and lost after anything else.
 */
final class ContinuitySlot {

	private final int id;

	private final Bootstrap bootstrap;

	private final BenchProperties properties;

	private final ContinuityCounts counts;

	private final Recorder latencies;

	private final long startNanos;

	private final long intervalNanos;

	private final long stallNanos;

	private final ArrayDeque<ContinuityLine> outstanding = new ArrayDeque<>();

	private final ArrayDeque<ContinuityLine> retry = new ArrayDeque<>();

	private long nextSequence;

	private @Nullable ContinuityLink link;

	private long downSinceNanos = -1;

	private volatile long longestGapNanos;

	private boolean sending = true;

	private boolean finishing;

	private volatile boolean done;

	private @Nullable ScheduledFuture<?> tick;

	/** @param bootstrap bound to this slot's one event loop, with its handler yet to add */
	ContinuitySlot(int id, Bootstrap bootstrap, BenchProperties properties, ContinuityCounts counts, Recorder latencies,
			long startNanos, long intervalNanos) {
		this.id = id;
		this.bootstrap = bootstrap;
		this.properties = properties;
		this.counts = counts;
		this.latencies = latencies;
		this.startNanos = startNanos;
		this.intervalNanos = intervalNanos;
		this.stallNanos = Math.max(properties.deadline().toNanos() * 5, TimeUnit.SECONDS.toNanos(5));
	}

	/** The handler of a new connection of this slot. */
	ContinuityLink newLink() {
		return new ContinuityLink(this, this.properties.greeting());
	}

	ContinuityCounts.Backend backend(String name) {
		return this.counts.backend(name);
	}

	void start() {
		this.bootstrap.config().group().execute(this::connect);
	}

	/** Sends no new lines; half-closes once every line is sent, so the server's FIN follows the last echo. */
	void finish() {
		this.bootstrap.config().group().execute(() -> {
			this.sending = false;
			this.finishing = true;
			if (this.link != null) {
				this.link.halfClose();
			}
		});
	}

	/** Counts every line still without an echo as lost, and closes: the run is over. */
	void abandon() {
		this.bootstrap.config().group().submit(() -> {
			this.done = true;
			// a line still without an echo is lost, unless a reset counted it already
			this.counts.lost.add(notYetLost(this.outstanding) + notYetLost(this.retry));
			this.outstanding.clear();
			this.retry.clear();
			gapEnded();
			ContinuityLink current = this.link;
			this.link = null;
			if (current != null) {
				current.backend().open.decrementAndGet();
				current.abandon();
			}
		}).syncUninterruptibly();
	}

	private static long notYetLost(ArrayDeque<ContinuityLine> lines) {
		return lines.stream().filter((line) -> !line.lost()).count();
	}

	boolean isDone() {
		return this.done;
	}

	/** The longest this slot has been without a working connection, in nanoseconds. */
	long longestGapNanos() {
		return this.longestGapNanos;
	}

	private void connect() {
		this.bootstrap.connect().addListener((connected) -> {
			if (!connected.isSuccess()) {
				this.counts.connectFailures.increment();
				reconnectLater();
			}
		});
	}

	private void reconnectLater() {
		if (!this.done) {
			this.bootstrap.config().group().schedule(this::connect, this.properties.reconnectDelay().toNanos(),
					TimeUnit.NANOSECONDS);
		}
	}

	/** A connection is up (and greeted, when greetings are read): the lines to send again go first. */
	void ready(ContinuityLink link) {
		this.link = link;
		this.counts.connects.increment();
		link.backend().connections.increment();
		link.backend().open.incrementAndGet();
		gapEnded();
		send();
		if (this.finishing) {
			link.halfClose();
		}
	}

	private void gapEnded() {
		if (this.downSinceNanos >= 0) {
			this.longestGapNanos = Math.max(this.longestGapNanos, System.nanoTime() - this.downSinceNanos);
			this.downSinceNanos = -1;
		}
	}

	/** Sends the lines to send again, then every line that has fallen due; checks that echoes still come. */
	private void send() {
		this.tick = null;
		ContinuityLink current = this.link;
		if (current == null || this.done) {
			return;
		}
		long now = System.nanoTime();
		if (!this.outstanding.isEmpty() && now - this.outstanding.peek().sentNanos() > this.stallNanos) {
			current.end(ContinuityLink.End.TIMEOUT);
			return;
		}
		ByteBuf out = null;
		while (!this.retry.isEmpty() || (this.sending && due(this.nextSequence) <= now)) {
			ContinuityLine line = this.retry.isEmpty() ? newLine(now) : this.retry.poll().sentAt(now);
			if (out == null) {
				out = current.ctx().alloc().ioBuffer();
			}
			out.writeBytes(line.payload()).writeByte('\r').writeByte('\n');
			this.outstanding.add(line);
		}
		if (out != null) {
			current.ctx().writeAndFlush(out);
		}
		long wait = this.sending ? Math.max(0, due(this.nextSequence) - now) : this.stallNanos;
		this.tick = current.ctx().executor().schedule(this::send, Math.min(wait, this.stallNanos), TimeUnit.NANOSECONDS);
	}

	private long due(long sequence) {
		return this.startNanos + sequence * this.intervalNanos;
	}

	private ContinuityLine newLine(long now) {
		long sequence = this.nextSequence++;
		this.counts.sent.increment();
		return ContinuityLine.of(this.id, sequence, this.properties.payloadBytes(), due(sequence), now);
	}

	/** Checks an echo against the oldest line unanswered and times it from its schedule. */
	void echoed(ContinuityLink link, ByteBuf in, int length, long now) {
		ContinuityLine line = this.outstanding.poll();
		if (line == null || !line.isEchoedBy(in, in.readerIndex(), length)) {
			this.counts.wrong.increment();
			return;
		}
		this.counts.echoed.increment();
		link.backend().lines.increment();
		long latency = Math.max(0, now - line.dueNanos());
		this.latencies.recordValue(latency);
		if (latency > this.properties.deadline().toNanos()) {
			this.counts.late.increment();
		}
	}

	/** Counts how a connection ended and what it left unanswered, which goes out again on the next. */
	void ended(ContinuityLink link, ContinuityLink.End how) {
		if (this.done) {
			return;
		}
		if (this.link != link) {
			this.counts.connectFailures.increment();
		}
		else {
			this.link = null;
			ContinuityCounts.Backend backend = link.backend();
			backend.open.decrementAndGet();
			boolean clean = how == ContinuityLink.End.SERVER_FIN;
			long unanswered = clean ? this.outstanding.size() : notYetLost(this.outstanding);
			(clean ? this.counts.retried : this.counts.lost).add(unanswered);
			(clean ? backend.retried : backend.lost).add(unanswered);
			(clean ? this.counts.serverFins : (how == ContinuityLink.End.RESET) ? this.counts.resets : this.counts.timeouts)
				.increment();
			backend.resets.add((how == ContinuityLink.End.RESET) ? 1 : 0);
			// sent again before anything new, in their order
			for (Iterator<ContinuityLine> last = this.outstanding.descendingIterator(); last.hasNext();) {
				ContinuityLine line = last.next();
				this.retry.addFirst(clean ? line : line.countedLost());
			}
			this.outstanding.clear();
			this.downSinceNanos = System.nanoTime();
		}
		if (this.tick != null) {
			this.tick.cancel(false);
			this.tick = null;
		}
		if (this.finishing && this.retry.isEmpty()) {
			this.done = true;
		}
		else {
			reconnectLater();
		}
	}

}
