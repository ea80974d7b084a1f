package io.tcpecho.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import org.jspecify.annotations.Nullable;

/**
 * One connection of a continuity slot: reads the greeting, hands each echo to the slot, and tells
 * it how the connection ended: the server's FIN, or a reset (any other end of the input).
 */
final class ContinuityLink extends ByteToMessageDecoder {

	/** How one connection ended. */
	enum End {

		SERVER_FIN, RESET, TIMEOUT

	}

	private final ContinuitySlot slot;

	private final boolean awaitGreeting;

	private @Nullable ChannelHandlerContext context;

	private ContinuityCounts.Backend backend = ContinuityCounts.NOBODY;

	private boolean greeted;

	private boolean ended;

	ContinuityLink(ContinuitySlot slot, boolean awaitGreeting) {
		this.slot = slot;
		this.awaitGreeting = awaitGreeting;
	}

	ChannelHandlerContext ctx() {
		return Objects.requireNonNull(this.context);
	}

	/** The instance that serves it, named by its greeting (its address without one). */
	ContinuityCounts.Backend backend() {
		return this.backend;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		super.channelActive(ctx);
		if (!this.awaitGreeting) {
			greeted(String.valueOf(ctx.channel().remoteAddress()));
		}
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.ended) {
			in.skipBytes(in.readableBytes());
			return;
		}
		long now = System.nanoTime();
		int lf;
		while ((lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
			boolean crlf = lf > in.readerIndex() && in.getByte(lf - 1) == '\r';
			int length = lf - in.readerIndex() - (crlf ? 1 : 0);
			if (this.greeted) {
				this.slot.echoed(this, in, length, now);
			}
			else {
				greeted(in.toString(in.readerIndex(), length, StandardCharsets.UTF_8));
			}
			in.readerIndex(lf + 1);
		}
	}

	private void greeted(String name) {
		this.greeted = true;
		this.backend = this.slot.backend(name);
		this.slot.ready(this);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		super.userEventTriggered(ctx, event);
		if (event instanceof ChannelInputShutdownEvent) {
			end(End.SERVER_FIN);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		end(End.RESET);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		super.channelInactive(ctx);
		end(End.RESET);
	}

	/** Sends the FIN after the last line (TLS's close_notify first). */
	void halfClose() {
		SslHandler tls = ctx().pipeline().get(SslHandler.class);
		Channel channel = ctx().channel();
		(tls != null ? tls.closeOutbound() : channel.newSucceededFuture()).addListener((notified) -> {
			if (channel instanceof DuplexChannel duplex && channel.isActive()) {
				duplex.shutdownOutput();
			}
		});
	}

	/** Closes, and tells the slot how the connection ended; only the first end counts. */
	void end(End how) {
		if (!this.ended) {
			this.ended = true;
			ctx().close();
			this.slot.ended(this, how);
		}
	}

	/** Closes without telling the slot: the run is over. */
	void abandon() {
		this.ended = true;
		ctx().close();
	}

}
