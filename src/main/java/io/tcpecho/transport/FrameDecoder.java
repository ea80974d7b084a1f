package io.tcpecho.transport;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what each read brought in into one {@link Frames} of every whole message in it, with Spring
 * Integration's framing rules (docs/design.md says why not Netty's line decoders).
 */
final class FrameDecoder extends ByteToMessageDecoder {

	private static final Logger logger = LoggerFactory.getLogger(FrameDecoder.class);

	private final Framing framing;

	private final int maxMessageSize;

	private final Connection connection;

	/** Bytes after the reader index already searched for a delimiter in vain. */
	private int searched;

	private boolean refused;

	FrameDecoder(Framing framing, int maxMessageSize, Connection connection) {
		this.framing = framing;
		this.maxMessageSize = maxMessageSize;
		this.connection = connection;
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		if (this.refused || this.connection.closing().isDroppingInput()) {
			discard(in);
			return;
		}
		List<byte[]> payloads = null;
		long wireBytes = 0;
		int end = Framing.INCOMPLETE;
		while (in.isReadable()) {
			int start = in.readerIndex();
			end = this.framing.messageEnd(in, this.searched, this.maxMessageSize);
			if (end < 0) {
				break;
			}
			if (payloads == null) {
				payloads = new ArrayList<>(4);
			}
			payloads.add(this.framing.readPayload(in, end));
			wireBytes += end - start;
			this.searched = 0;
		}
		if (payloads != null) {
			out.add(new Frames(payloads, wireBytes));
		}
		if (end == Framing.INCOMPLETE) {
			this.searched = in.readableBytes();
		}
		else if (end < 0) {
			// the messages before are answered first: Netty fires them before this exception
			this.refused = true;
			discard(in);
			throw (end == Framing.REFUSED) ? new TooLongFrameException("message longer than the limit")
					: new CorruptedFrameException("negative length header");
		}
	}

	private void discard(ByteBuf in) {
		this.connection.traffic().discarded(in.readableBytes());
		in.skipBytes(in.readableBytes());
	}

	/**
	 * The input ended: the bytes after the last line terminator go back as they are, like every
	 * other byte; an incomplete length-header frame cannot, and is dropped.
	 */
	@Override
	protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		decode(ctx, in, out);
		if (!in.isReadable()) {
			return;
		}
		int rest = in.readableBytes();
		if (this.framing.hasTerminator() && ctx.channel().isActive() && !this.connection.closing().isDroppingInput()) {
			byte[] tail = new byte[rest];
			in.readBytes(tail);
			out.add(Frames.tail(tail));
		}
		else {
			discard(in);
			logger.debug("Dropped {} bytes of an incomplete message from {} at the end of its input", rest,
					this.connection.peer());
		}
	}

	/**
	 * Not the decoder's own: it asks for another read whenever a read passed nothing down the
	 * pipeline, which would go on reading from a peer that does not read its replies.
	 */
	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		discardSomeReadBytes();
		ctx.fireChannelReadComplete();
	}

}
