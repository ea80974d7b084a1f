package io.tcpecho.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;

/**
 * How one connection ends: why, and how it closes, gracefully or with a reset when its peer does
 * not take its echoes within the write timeout.
 */
final class Closing {

	private final Channel channel;

	private final long writeTimeoutNanos;

	private final AtomicReference<@Nullable CloseReason> reason = new AtomicReference<>();

	private volatile @Nullable Throwable cause;

	private volatile boolean closing;

	private volatile boolean discarding;

	/** Held silent or unread on purpose: never quiet, so a drain closes it only at its deadline. */
	private volatile boolean held;

	private @Nullable ScheduledFuture<?> writeDeadline;

	Closing(Channel channel, long writeTimeoutNanos) {
		this.channel = channel;
		this.writeTimeoutNanos = writeTimeoutNanos;
	}

	@Nullable CloseReason reason() {
		return this.reason.get();
	}

	@Nullable Throwable cause() {
		return this.cause;
	}

	/** Records why the connection ends, unless a reason is recorded already; says whether this one was. */
	boolean record(CloseReason reason, @Nullable Throwable cause) {
		if (!this.reason.compareAndSet(null, reason)) {
			return false;
		}
		this.cause = cause;
		return true;
	}

	boolean isClosing() {
		return this.closing;
	}

	boolean isHeld() {
		return this.held;
	}

	void hold() {
		this.held = true;
	}

	void discardInput() {
		this.discarding = true;
	}

	/** Whether what arrives is read and dropped: the connection is closing, or its echo has ended. */
	boolean isDroppingInput() {
		return this.closing || this.discarding;
	}

	/** Reads no more; closes once every reply is written, or resets at the write timeout. Runs on the event loop. */
	void finish() {
		if (this.closing) {
			return;
		}
		this.closing = true;
		this.channel.config().setAutoRead(false);
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
		startWriteDeadline();
	}

	/** The peer stopped taking its echoes, or caught up: the write timeout runs while it does not. On the event loop. */
	void writable(boolean writable) {
		if (writable && !this.closing) {
			ScheduledFuture<?> deadline = this.writeDeadline;
			if (deadline != null) {
				deadline.cancel(false);
				this.writeDeadline = null;
			}
		}
		else if (!writable) {
			startWriteDeadline();
		}
	}

	private void startWriteDeadline() {
		if (this.writeTimeoutNanos > 0 && this.writeDeadline == null && this.channel.isOpen()) {
			this.writeDeadline = this.channel.eventLoop()
				.schedule(() -> reset(CloseReason.WRITE_TIMEOUT), this.writeTimeoutNanos, TimeUnit.NANOSECONDS);
		}
	}

	/** Ends a connection whose echoes cannot be written at once with an RST: a FIN would wait behind them. */
	void reset(CloseReason reason) {
		if (this.channel.isOpen()) {
			record(reason, null);
			this.channel.config().setOption(ChannelOption.SO_LINGER, 0);
			this.channel.close();
		}
	}

}
