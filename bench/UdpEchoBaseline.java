import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * The UDP baseline for bench/run.sh: a bare Netty datagram echo on one event loop, each datagram
 * sent back to its sender from the same socket, on epoll where it loads. Not part of the product.
 * Run: java -cp NETTY_JARS bench/UdpEchoBaseline.java PORT [nio|epoll]
 */
public class UdpEchoBaseline {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		boolean epoll = (args.length > 1) ? args[1].equals("epoll") : Epoll.isAvailable();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		new Bootstrap().group(group)
			.channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
			.handler(new Echo())
			.bind(port)
			.sync();
		System.out.println("UDP baseline listening on " + port + ", " + (epoll ? "epoll" : "nio"));
		Thread.currentThread().join();
	}

	@Sharable
	static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
			ctx.write(new DatagramPacket(packet.content().retain(), packet.sender()));
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

	}

}
