import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

/**
 * The baseline for bench/run.sh: a minimal Netty 4.2 CRLF line echo with the product's limits
 * (64 KiB lines, backlog 1024, TCP_NODELAY), on epoll where Netty's native library loads, as the
 * server's default transport is. Not part of the product.
 * Run: java -cp NETTY_JARS bench/NettyEchoBaseline.java PORT [EVENT_LOOPS], 0 loops being Netty's default.
 */
public class NettyEchoBaseline {

	private static final ByteBuf CRLF = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] { '\r', '\n' }));

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		int loops = (args.length > 1) ? Integer.parseInt(args[1]) : 0;
		// a third argument, nio or epoll, chooses the transport; epoll where it loads by default
		boolean epoll = (args.length > 2) ? args[2].equals("epoll") : Epoll.isAvailable();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		EchoHandler echo = new EchoHandler();
		new ServerBootstrap().group(group)
			.channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childOption(ChannelOption.SO_KEEPALIVE, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline().addLast(new LineBasedFrameDecoder(64 * 1024 + 2, true, true), echo);
				}
			})
			.bind(port)
			.sync();
		System.out.println("Netty baseline listening on " + port + " with " + loops + " event loop(s) (0: Netty's default), "
				+ (epoll ? "epoll" : "nio"));
		Thread.currentThread().join();
	}

	@Sharable
	static final class EchoHandler extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object line) {
			ctx.write(line);
			ctx.write(CRLF.duplicate());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
