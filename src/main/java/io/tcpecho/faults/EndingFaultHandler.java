package io.tcpecho.faults;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.tcpecho.transport.CloseReason;
import io.tcpecho.transport.Connection;
import io.tcpecho.transport.Framing;
import io.tcpecho.transport.Frames;

/**
 * Ends one connection as its fault says (close, reset, blackhole, stop-reading, half-close), once
 * the lines or bytes of echoes before it are written.
 */
final class EndingFaultHandler extends ChannelDuplexHandler {

	private final Connection connection;

	private final Framing framing;

	private final Fault fault;

	private long lines;

	private long bytes;

	/** The fault has acted: what still arrives is dropped. */
	private boolean inputEnded;

	/** Nothing more leaves: every ending fault but stop-reading, which still owes the client its echoes. */
	private boolean outputEnded;

	/**
	 * A reset waits for the client's next write (or its FIN), as the rebooted host of UNP 5.16 answers
	 * it: Linux drops unread data when an RST arrives, so an RST right after the echoes could destroy them.
	 */
	private boolean resetArmed;

	EndingFaultHandler(Connection connection, Framing framing, Fault fault) {
		this.connection = connection;
		this.framing = framing;
		this.fault = fault;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.fireChannelActive();
		if ((this.fault.countsBytes()) ? this.fault.afterBytes() == 0 : this.fault.linesBefore() == 0) {
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
		if (!this.fault.countsBytes() && msg instanceof Frames frames) {
			long room = this.fault.linesBefore() - this.lines;
			if (frames.count() >= room) {
				ctx.fireChannelRead(frames.first((int) room, this.framing));
				this.lines += room;
				if (this.fault.type() == FaultType.RESET && frames.count() == room) {
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
			ReferenceCountUtil.release(msg);
			promise.trySuccess();
			return;
		}
		if (this.fault.countsBytes() && msg instanceof ByteBuf buf) {
			long room = this.fault.afterBytes() - this.bytes;
			if (buf.readableBytes() >= room) {
				ByteBuf head = buf.readRetainedSlice((int) room);
				buf.release();
				this.bytes += room;
				ctx.write(head, promise);
				if (this.fault.type() == FaultType.RESET) {
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
		ctx.write(msg, promise);
	}

	/** Does what the fault says, after the echoes written so far. */
	private void act(ChannelHandlerContext ctx) {
		if (this.inputEnded) {
			return;
		}
		this.inputEnded = true;
		this.connection.discardInput();
		this.connection.recordCloseReason(this.fault.type().closeReason());
		switch (this.fault.type()) {
			// the transport's lingering close: a FIN the client reads before any reset, whatever it still sends
			case CLOSE -> afterEchoes(ctx, () -> this.connection.closeGracefully(CloseReason.FAULT_CLOSE));
			case RESET -> afterEchoes(ctx, () -> {
				ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
				ctx.channel().close();
			});
			case HALF_CLOSE -> afterEchoes(ctx, () -> ((SocketChannel) ctx.channel()).shutdownOutput());
			case BLACKHOLE -> this.connection.hold();
			case STOP_READING -> {
				ctx.channel().config().setAutoRead(false);
				this.connection.hold();
			}
			default -> throw new IllegalStateException("Not an ending fault: " + this.fault.type());
		}
		this.outputEnded = this.fault.type() != FaultType.STOP_READING;
	}

	/** Runs {@code action} once every echo written before is on its way, after any delay a shaping fault adds. */
	private static void afterEchoes(ChannelHandlerContext ctx, Runnable action) {
		ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((future) -> action.run());
	}

}
