package io.tcpecho.transport;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

/**
 * How one connection ends: why, and how it closes: with a FIN and a linger that never turns into a
 * reset, or with a reset when its peer does not take its echoes within the write timeout.
 */
final class Closing {

	private final Channel channel;

	private final long writeTimeoutNanos;

	private final long lingerNanos;

	private final AtomicReference<@Nullable CloseReason> reason = new AtomicReference<>();

	private volatile @Nullable Throwable cause;

	private volatile boolean closing;

	private volatile boolean discarding;

	/** Held silent or unread on purpose: never quiet, so a drain closes it only at its deadline. */
	private volatile boolean held;

	private @Nullable ScheduledFuture<?> writeDeadline;

	Closing(Channel channel, long writeTimeoutNanos, long lingerNanos) {
		this.channel = channel;
		this.writeTimeoutNanos = writeTimeoutNanos;
		this.lingerNanos = lingerNanos;
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

	/**
	 * Echoes nothing more of what arrives, writes the echoes of what was read, sends its FIN (after
	 * TLS's close_notify), then lingers; resets at the write timeout if the echoes cannot leave. On
	 * the event loop.
	 */
	void finish() {
		if (this.closing) {
			return;
		}
		this.closing = true;
		this.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((written) -> {
			if (written.isSuccess()) {
				cancelWriteDeadline();
				endOutput();
			}
			else {
				this.channel.close();
			}
		});
		startWriteDeadline();
	}

	private void endOutput() {
		SslHandler tls = this.channel.pipeline().get(SslHandler.class);
		ChannelFuture notified = (tls != null) ? tls.closeOutbound() : this.channel.newSucceededFuture();
		notified.addListener((sent) -> {
			if (this.channel instanceof DuplexChannel duplex && this.channel.isActive()) {
				duplex.shutdownOutput().addListener((shut) -> linger(duplex));
			}
			else {
				this.channel.close();
			}
		});
	}

	/**
	 * Reads and drops what still arrives until the peer's FIN or the linger time, then closes: a
	 * close with unread bytes sends an RST, which can destroy echoes still on their way (UNP 7.5).
	 */
	private void linger(DuplexChannel duplex) {
		if (duplex.isInputShutdown() || this.lingerNanos == 0) {
			this.channel.close();
			return;
		}
		this.channel.config().setAutoRead(true);
		this.channel.eventLoop().schedule(() -> this.channel.close(), this.lingerNanos, TimeUnit.NANOSECONDS);
	}

	/** The peer's FIN came: after the server's own, nothing more can arrive, so it closes. On the event loop. */
	void inputEnded() {
		if (this.closing && this.channel instanceof DuplexChannel duplex && duplex.isOutputShutdown()) {
			this.channel.close();
		}
	}

	/** The peer stopped taking its echoes, or caught up: the write timeout runs while it does not. On the event loop. */
	void writable(boolean writable) {
		if (writable && !this.closing) {
			cancelWriteDeadline();
		}
		else if (!writable) {
			startWriteDeadline();
		}
	}

	private void cancelWriteDeadline() {
		ScheduledFuture<?> deadline = this.writeDeadline;
		if (deadline != null) {
			deadline.cancel(false);
			this.writeDeadline = null;
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
