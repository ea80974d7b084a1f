package io.tcpecho.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.NetUtil;
import org.jspecify.annotations.Nullable;

/**
 * Hands a connection that starts with a PROXY protocol header to Netty's {@link HAProxyMessageDecoder},
 * and holds back its activation until the client the header names is known (docs/design.md says why
 * not Netty's own detection).
 */
final class ProxyProtocolHandler extends ByteToMessageDecoder {

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { '\r', '\n', '\r', '\n', 0, '\r', '\n', 'Q', 'U', 'I', 'T', '\n' };

	private final ProxyProtocol mode;

	private final Connection connection;

	ProxyProtocolHandler(ProxyProtocol mode, Connection connection) {
		this.mode = mode;
		this.connection = connection;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		// held back: fired once the client is known
	}

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		boolean v1 = startsWith(in, V1_SIGNATURE);
		boolean v2 = startsWith(in, V2_SIGNATURE);
		if (!v1 && !v2) {
			noHeader(ctx, in);
		}
		else if (in.readableBytes() >= (v2 ? V2_SIGNATURE.length : V1_SIGNATURE.length)) {
			ctx.pipeline()
				.addAfter(ctx.name(), "proxy-decoder", new HAProxyMessageDecoder())
				.addAfter("proxy-decoder", "proxy-header", new HeaderHandler(this.connection));
			// the bytes read so far go on to the decoder
			ctx.pipeline().remove(this);
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof ChannelInputShutdownEvent && !ctx.isRemoved()) {
			// the input ended while the first bytes could still have been a header
			ByteBuf empty = ctx.alloc().buffer(0);
			try {
				noHeader(ctx, empty);
			}
			finally {
				empty.release();
			}
		}
		super.userEventTriggered(ctx, event);
	}

	private void noHeader(ChannelHandlerContext ctx, ByteBuf in) {
		if (this.mode == ProxyProtocol.REQUIRED) {
			in.skipBytes(in.readableBytes());
			failed(ctx, this.connection, new HAProxyProtocolException("no PROXY protocol header"));
		}
		else {
			ctx.fireChannelActive();
			ctx.pipeline().remove(this);
		}
	}

	private static boolean startsWith(ByteBuf in, byte[] signature) {
		int length = Math.min(in.readableBytes(), signature.length);
		for (int i = 0; i < length; i++) {
			if (in.getByte(in.readerIndex() + i) != signature[i]) {
				return false;
			}
		}
		return true;
	}

	static void failed(ChannelHandlerContext ctx, Connection connection, Throwable cause) {
		connection.recordCloseReason(CloseReason.PROXY_PROTOCOL_ERROR, cause);
		ctx.close();
	}

	/** Takes the decoded header: records the client it names, then lets the connection open. */
	private static final class HeaderHandler extends ChannelInboundHandlerAdapter {

		private final Connection connection;

		HeaderHandler(Connection connection) {
			this.connection = connection;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (!(msg instanceof HAProxyMessage header)) {
				ctx.fireChannelRead(msg);
				return;
			}
			try {
				this.connection.proxied(source(header), header.tlvs().stream().map(HeaderHandler::type).toList());
			}
			finally {
				header.release();
			}
			ctx.pipeline().remove(this);
			ctx.fireChannelActive();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (cause instanceof HAProxyProtocolException) {
				failed(ctx, this.connection, cause);
			}
			else {
				ctx.fireExceptionCaught(cause);
			}
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof ChannelInputShutdownEvent) {
				failed(ctx, this.connection, new HAProxyProtocolException("input ended inside the PROXY protocol header"));
			}
			ctx.fireUserEventTriggered(event);
		}

		/** The client, or null where the header names none: a LOCAL command (a health check) or an unknown family. */
		private static @Nullable InetSocketAddress source(HAProxyMessage header) {
			if (header.command() != HAProxyCommand.PROXY || header.sourceAddress() == null) {
				return null;
			}
			InetAddress address = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
			return (address != null) ? new InetSocketAddress(address, header.sourcePort()) : null;
		}

		private static String type(HAProxyTLV tlv) {
			return (tlv.type() == HAProxyTLV.Type.OTHER) ? "0x%02X".formatted(tlv.typeByteValue() & 0xFF)
					: tlv.type().name();
		}

	}

}
