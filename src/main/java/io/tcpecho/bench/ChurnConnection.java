package io.tcpecho.bench;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * One short-lived connection of a churn run: times its connect, its TLS handshake and its first
 * answer (the greeting, or the first echo), then sends its lines one at a time, checks each echo,
 * and closes after the last.
 */
final class ChurnConnection extends ByteToMessageDecoder {

	private static final short CRLF = ('\r' << 8) | '\n';

	private final ChurnRun run;

	private final int id;

	private final long connectStartNanos;

	private final long lines;

	private final boolean awaitGreeting;

	private long sentAt;

	private long sent;

	private long echoed;

	private boolean answered;

	private boolean done;

	ChurnConnection(ChurnRun run, int id, long connectStartNanos, long lines, boolean awaitGreeting) {
		this.run = run;
		this.id = id;
		this.connectStartNanos = connectStartNanos;
		this.lines = lines;
		this.awaitGreeting = awaitGreeting;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.run.connected(System.nanoTime() - this.connectStartNanos);
		super.channelActive(ctx);
		if (ctx.pipeline().get(SslHandler.class) == null) {
			start(ctx);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof SslHandshakeCompletionEvent handshake) {
			if (handshake.isSuccess()) {
				this.run.handshaken(System.nanoTime() - this.connectStartNanos);
				start(ctx);
			}
			else {
				fail(ctx);
			}
		}
		super.userEventTriggered(ctx, event);
	}

	/** Ready: sends the first line, unless the greeting comes first. */
	private void start(ChannelHandlerContext ctx) {
		if (!this.awaitGreeting) {
			send(ctx);
		}
	}

	private void send(ChannelHandlerContext ctx) {
		if (this.sent >= this.lines) {
			this.done = true;
			ctx.close();
			return;
		}
		ByteBuf out = ctx.alloc().ioBuffer();
		this.run.payloads().write(out, this.id, this.sent);
		out.writeShort(CRLF);
		this.sentAt = System.nanoTime();
		this.sent++;
		ctx.writeAndFlush(out, ctx.voidPromise());
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		int lf;
		while ((lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n')) >= 0) {
			int length = lf - in.readerIndex() - 1;
			long now = System.nanoTime();
			if (!this.answered) {
				this.answered = true;
				this.run.firstAnswer(now - this.connectStartNanos);
			}
			if (this.awaitGreeting && this.sent == 0) {
				// the greeting: the first line is sent once it has come
			}
			else if (length >= 0 && this.run.payloads().matches(in, in.readerIndex(), length, this.id, this.echoed)) {
				this.echoed++;
				this.run.echoed(now - this.sentAt);
			}
			else {
				in.readerIndex(lf + 1);
				fail(ctx);
				return;
			}
			in.readerIndex(lf + 1);
			send(ctx);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		fail(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		super.channelInactive(ctx);
		if (!this.done) {
			this.done = true;
			this.run.failed();
		}
		this.run.closed(this.echoed == this.lines);
	}

	private void fail(ChannelHandlerContext ctx) {
		if (!this.done) {
			this.done = true;
			this.run.failed();
		}
		ctx.close();
	}

}
