package io.tcpecho.transport;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Plays the faults that hit one connection: delays its echoes or cuts them into small writes, and
 * ends it as its ending fault says once the lines or bytes before it are echoed. Only connections
 * a fault hits have one, so the echo path of the others does no extra work.
 */
final class FaultHandler extends ChannelDuplexHandler {

	/** Echo bytes held back by delays before reading pauses: a client flooding a slow path cannot fill the heap. */
	private static final int MAX_HELD_BYTES = 1 << 20;

	private final Connection connection;

	private final Framing framing;

	private final @Nullable Fault ending;

	private final @Nullable Fault latency;

	private final @Nullable Fault slicer;

	private final ArrayDeque<Delayed> queue = new ArrayDeque<>();

	private long lines;

	private long bytes;

	/** The ending fault has acted: what still arrives is dropped. */
	private boolean inputEnded;

	/** Nothing more leaves: every ending fault but stop-reading, which still owes the client its echoes. */
	private boolean outputEnded;

	/**
	 * A reset waits for the client's next write (or its FIN), as the rebooted host of UNP 5.16 answers
	 * it: an RST sent right after the echoes could reach the client before it reads them, and Linux
	 * drops unread data when an RST arrives.
	 */
	private boolean resetArmed;

	private long lastDue;

	private long heldBytes;

	private @Nullable ScheduledFuture<?> drain;

	FaultHandler(Connection connection, Framing framing, List<Fault> faults) {
		this.connection = connection;
		this.framing = framing;
		this.ending = first(faults, null);
		this.latency = first(faults, FaultType.LATENCY);
		this.slicer = first(faults, FaultType.SLICER);
	}

	/** The first fault of {@code type}, or the first ending one when {@code type} is null. */
	private static @Nullable Fault first(List<Fault> faults, @Nullable FaultType type) {
		return faults.stream()
			.filter((fault) -> (type != null) ? fault.type() == type : fault.type().isEnding())
			.findFirst()
			.orElse(null);
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.fireChannelActive();
		Fault fault = this.ending;
		if (fault != null && ((fault.countsBytes()) ? fault.afterBytes() == 0 : fault.linesBefore() == 0)) {
			act(ctx);
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.inputEnded || this.resetArmed) {
			ReferenceCountUtil.release(msg);
			act(ctx);
			return;
		}
		Fault fault = this.ending;
		if (fault != null && !fault.countsBytes() && msg instanceof Frames frames) {
			long room = fault.linesBefore() - this.lines;
			if (frames.count() >= room) {
				ctx.fireChannelRead(frames.first((int) room, this.framing));
				this.lines += room;
				if (fault.type() == FaultType.RESET && frames.count() == room) {
					this.resetArmed = true;
				}
				else {
					act(ctx);
				}
				return;
			}
			this.lines += frames.count();
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof ChannelInputShutdownEvent && this.resetArmed) {
			// the client's FIN is its next word: the reset answers it
			act(ctx);
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (this.outputEnded) {
			// a blackhole or a closed output: nothing more leaves
			ReferenceCountUtil.release(msg);
			promise.trySuccess();
			return;
		}
		Fault fault = this.ending;
		if (fault != null && fault.countsBytes() && msg instanceof ByteBuf buf) {
			long room = fault.afterBytes() - this.bytes;
			if (buf.readableBytes() >= room) {
				ByteBuf head = buf.readRetainedSlice((int) room);
				buf.release();
				this.bytes += room;
				send(ctx, head, promise);
				if (fault.type() == FaultType.RESET) {
					this.resetArmed = true;
					this.outputEnded = true;
				}
				else {
					act(ctx);
				}
				return;
			}
			this.bytes += buf.readableBytes();
		}
		send(ctx, msg, promise);
	}

	@Override
	public void flush(ChannelHandlerContext ctx) {
		if (!isDelaying()) {
			ctx.flush();
		}
		// otherwise the drain flushes what falls due
	}

	/** Does what the ending fault says, after the echoes written so far. */
	private void act(ChannelHandlerContext ctx) {
		Fault fault = this.ending;
		if (fault == null || this.inputEnded) {
			return;
		}
		this.inputEnded = true;
		this.connection.discardInput();
		this.connection.recordCloseReason(fault.type().closeReason());
		switch (fault.type()) {
			case CLOSE -> afterEchoes(ctx, () -> ctx.channel().close());
			case RESET -> afterEchoes(ctx, () -> {
				ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
				ctx.channel().close();
			});
			case HALF_CLOSE -> afterEchoes(ctx, () -> ((SocketChannel) ctx.channel()).shutdownOutput());
			case BLACKHOLE -> hold(ctx);
			case STOP_READING -> {
				ctx.channel().config().setAutoRead(false);
				hold(ctx);
			}
			default -> throw new IllegalStateException("Not an ending fault: " + fault.type());
		}
		this.outputEnded = fault.type() != FaultType.STOP_READING;
	}

	/** Silent until the drain's deadline or an operator ends it: no idle timeout, never quiet. */
	private void hold(ChannelHandlerContext ctx) {
		this.connection.hold();
		if (ctx.pipeline().get("idle") != null) {
			ctx.pipeline().remove("idle");
		}
	}

	/** Runs {@code action} once every echo written before is on its way. */
	private void afterEchoes(ChannelHandlerContext ctx, Runnable action) {
		ChannelPromise written = ctx.newPromise();
		written.addListener((future) -> action.run());
		if (isDelaying()) {
			enqueue(ctx, new Delayed(this.lastDue, Unpooled.EMPTY_BUFFER, written));
		}
		else {
			ctx.writeAndFlush(Unpooled.EMPTY_BUFFER, written);
		}
	}

	private boolean isDelaying() {
		return this.latency != null || this.slicer != null;
	}

	private void send(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!isDelaying()) {
			ctx.write(msg, promise);
			return;
		}
		long due = Math.max(this.lastDue + ((this.slicer != null) ? this.slicer.delay().toNanos() : 0),
				System.nanoTime() + delayNanos());
		if (this.slicer != null && msg instanceof ByteBuf buf) {
			while (buf.readableBytes() > this.slicer.size()) {
				enqueue(ctx, new Delayed(due, buf.readRetainedSlice(this.slicer.size()), ctx.newPromise()));
				due += this.slicer.delay().toNanos();
			}
		}
		enqueue(ctx, new Delayed(due, msg, promise));
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
		this.heldBytes += delayed.size();
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
			this.heldBytes -= next.size();
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
		discard();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discard();
		ctx.fireChannelInactive();
	}

	private void discard() {
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
	private record Delayed(long due, Object msg, ChannelPromise promise) {

		int size() {
			return (this.msg instanceof ByteBuf buf) ? buf.readableBytes()
					: (this.msg instanceof ByteBufHolder holder) ? holder.content().readableBytes() : 0;
		}

	}

}
