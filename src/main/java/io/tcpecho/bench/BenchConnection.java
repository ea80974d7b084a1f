package io.tcpecho.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark connection on its event loop: sends lines, keeping at most {@code inFlight}
 * unanswered, and checks each echo byte for byte and records its latency.
 */
final class BenchConnection extends ByteToMessageDecoder {

	private static final short CRLF = ('\r' << 8) | '\n';

	private final int id;

	private final Recorder latencies;

	private final Payloads payloads;

	/** Send time of each line in flight, by sequence number modulo the in-flight limit. */
	private final long[] sentAt;

	private final CompletableFuture<@Nullable String> greeting = new CompletableFuture<>();

	private final boolean awaitGreeting;

	private volatile long quota;

	private long startNanos;

	private long intervalNanos;

	/** Lines sent and echoes seen, counted on the event loop and published in {@link #sent} and {@link #echoed}. */
	private long sentCount;

	private long echoedCount;

	private @Nullable ChannelHandlerContext ctx;

	private @Nullable ScheduledFuture<?> nextSend;

	final AtomicLong sent = new AtomicLong();

	final AtomicLong echoed = new AtomicLong();

	final AtomicLong errors = new AtomicLong();

	private volatile boolean stopping;

	private volatile boolean closed;

	BenchConnection(int id, BenchProperties properties, Recorder latencies) {
		this.id = id;
		this.latencies = latencies;
		this.payloads = new Payloads(properties.payloadBytes());
		this.sentAt = new long[properties.inFlight()];
		this.awaitGreeting = properties.greeting();
		if (!this.awaitGreeting) {
			this.greeting.complete(null);
		}
	}

	/** The server's greeting once read; null when none is expected. */
	CompletableFuture<@Nullable String> greeting() {
		return this.greeting;
	}

	/**
	 * Starts sending {@code quota} lines (0 for no limit) from {@code startNanos} at
	 * {@code intervalNanos} apart (0 for closed loop).
	 */
	void start(Channel channel, long quota, long startNanos, long intervalNanos) {
		channel.eventLoop().execute(() -> {
			this.quota = quota;
			this.startNanos = startNanos;
			this.intervalNanos = intervalNanos;
			send();
		});
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	/** Sends every line that may be sent now, in one write; at a fixed rate, comes back when the next falls due. */
	private void send() {
		ChannelHandlerContext context = this.ctx;
		if (context == null || this.closed || this.stopping || this.nextSend != null) {
			return;
		}
		long now = System.nanoTime();
		ByteBuf out = null;
		while ((this.quota == 0 || this.sentCount < this.quota) && this.sentCount - this.echoedCount < this.sentAt.length) {
			// closed loop: a line is due once it may be sent; fixed rate: when it was scheduled
			long due = (this.intervalNanos > 0) ? this.startNanos + this.sentCount * this.intervalNanos : now;
			if (due > now) {
				this.nextSend = context.executor().schedule(this::sendScheduled, due - now, TimeUnit.NANOSECONDS);
				break;
			}
			if (out == null) {
				out = context.alloc().ioBuffer(this.sentAt.length * (this.payloads.length() + 2));
			}
			this.sentAt[(int) (this.sentCount % this.sentAt.length)] = due;
			this.payloads.write(out, this.id, this.sentCount);
			out.writeShort(CRLF);
			this.sentCount++;
		}
		if (out != null) {
			this.sent.lazySet(this.sentCount);
			context.writeAndFlush(out, context.voidPromise());
		}
	}

	private void sendScheduled() {
		this.nextSend = null;
		send();
	}

	/** Checks and times each whole echo that has arrived, then sends what they made room for. */
	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		long now = System.nanoTime();
		int lf;
		while ((lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
			int length = lf - in.readerIndex() - 1;
			if (length < 0 || in.getByte(lf - 1) != '\r') {
				fail(ctx);
				return;
			}
			if (!this.greeting.isDone()) {
				this.greeting.complete(in.toString(in.readerIndex(), length, StandardCharsets.UTF_8));
			}
			else {
				check(in, length, now);
			}
			in.readerIndex(lf + 1);
		}
		if (this.greeting.isDone() && in.readableBytes() > this.payloads.length() + 2) {
			fail(ctx); // an echo longer than the payload sent
			return;
		}
		this.echoed.lazySet(this.echoedCount);
		send();
	}

	private void check(ByteBuf in, int length, long now) {
		if (!this.payloads.matches(in, in.readerIndex(), length, this.id, this.echoedCount)) {
			this.errors.incrementAndGet();
		}
		this.latencies.recordValue(Math.max(0, now - this.sentAt[(int) (this.echoedCount % this.sentAt.length)]));
		this.echoedCount++;
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.echoedCount < this.sentCount || !this.greeting.isDone()) {
			this.errors.incrementAndGet();
		}
		this.greeting.completeExceptionally(new IllegalStateException("Closed before its greeting"));
		this.closed = true;
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		fail(ctx);
	}

	private void fail(ChannelHandlerContext ctx) {
		this.errors.incrementAndGet();
		ctx.close();
	}

	/** Stops sending; echoes of the lines already sent are still read. */
	void stopSending() {
		this.stopping = true;
	}

	/** Whether it sends no more and every line it sent has come back, or it has failed. */
	boolean isComplete() {
		return this.closed || ((this.stopping || (this.quota > 0 && this.sent.get() >= this.quota))
				&& this.echoed.get() >= this.sent.get());
	}

}
