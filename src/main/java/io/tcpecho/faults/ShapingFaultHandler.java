package io.tcpecho.faults;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.tcpecho.transport.Connection;
import org.jspecify.annotations.Nullable;

/**
 * Delays one connection's echoes ({@code latency}) or cuts them into small writes ({@code slicer}), in order.
 */
final class ShapingFaultHandler extends ChannelOutboundHandlerAdapter {

	/** Echo bytes held back before reading pauses: a client flooding a slow path cannot fill the heap. */
	private static final int MAX_HELD_BYTES = 1 << 20;

	private final Connection connection;

	private final @Nullable Fault latency;

	private final @Nullable Fault slicer;

	private final ArrayDeque<Delayed> queue = new ArrayDeque<>();

	private long lastDue;

	private long heldBytes;

	private @Nullable ScheduledFuture<?> drain;

	ShapingFaultHandler(Connection connection, @Nullable Fault latency, @Nullable Fault slicer) {
		this.connection = connection;
		this.latency = latency;
		this.slicer = slicer;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof ByteBuf buf)) {
			ctx.write(msg, promise);
			return;
		}
		if (!buf.isReadable()) {
			// a marker that the echoes before it are written: no delay of its own
			enqueue(ctx, new Delayed(this.lastDue, buf, promise));
			return;
		}
		long sliceDelay = (this.slicer != null) ? this.slicer.delay().toNanos() : 0;
		long due = Math.max(this.lastDue + sliceDelay, System.nanoTime() + delayNanos());
		if (this.slicer != null) {
			while (buf.readableBytes() > this.slicer.size()) {
				enqueue(ctx, new Delayed(due, buf.readRetainedSlice(this.slicer.size()), ctx.newPromise()));
				due += sliceDelay;
			}
		}
		enqueue(ctx, new Delayed(due, buf, promise));
	}

	/** The drain flushes what falls due. */
	@Override
	public void flush(ChannelHandlerContext ctx) {
	}

	private long delayNanos() {
		Fault fault = this.latency;
		if (fault == null) {
			return 0;
		}
		long jitter = fault.jitter().toNanos();
		long offset = (jitter > 0) ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0;
		return Math.max(0, fault.latency().toNanos() + offset);
	}

	private void enqueue(ChannelHandlerContext ctx, Delayed delayed) {
		this.queue.add(delayed);
		this.lastDue = delayed.due();
		this.heldBytes += delayed.msg().readableBytes();
		if (this.heldBytes > MAX_HELD_BYTES) {
			ctx.channel().config().setAutoRead(false);
		}
		schedule(ctx);
	}

	private void schedule(ChannelHandlerContext ctx) {
		Delayed next = this.queue.peek();
		if (this.drain == null && next != null) {
			this.drain = ctx.executor().schedule(() -> drain(ctx), next.due() - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
	}

	/** Writes what has fallen due, in order; a slice at a time for the slicer. */
	private void drain(ChannelHandlerContext ctx) {
		this.drain = null;
		long now = System.nanoTime();
		while (!this.queue.isEmpty() && this.queue.peek().due() <= now) {
			Delayed next = this.queue.poll();
			this.heldBytes -= next.msg().readableBytes();
			ctx.write(next.msg(), next.promise());
			if (this.slicer != null) {
				ctx.flush();
			}
		}
		ctx.flush();
		if (this.heldBytes < MAX_HELD_BYTES / 2 && ctx.channel().isWritable() && !this.connection.isHeld()
				&& !this.connection.isClosing()) {
			ctx.channel().config().setAutoRead(true);
		}
		schedule(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		ScheduledFuture<?> pending = this.drain;
		if (pending != null) {
			pending.cancel(false);
			this.drain = null;
		}
		Delayed delayed;
		while ((delayed = this.queue.poll()) != null) {
			ReferenceCountUtil.release(delayed.msg());
			delayed.promise().tryFailure(new ClosedChannelException());
		}
	}

	/** A write held back until {@code due} (nanoTime). */
	private record Delayed(long due, ByteBuf msg, ChannelPromise promise) {
	}

}
