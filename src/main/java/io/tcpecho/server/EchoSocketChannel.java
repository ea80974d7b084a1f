package io.tcpecho.server;

import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty's NIO socket channel, which lets a Spring Integration connection see its socket: the
 * connection takes the peer's address and port from it.
 */
final class EchoSocketChannel extends NioSocketChannel {

	EchoSocketChannel(Channel parent, SocketChannel socket) {
		super(parent, socket);
	}

	Socket socket() {
		return javaChannel().socket();
	}

	/** Netty's NIO server channel, accepting into {@link EchoSocketChannel}s. */
	static final class Server extends NioServerSocketChannel {

		@Override
		protected int doReadMessages(List<Object> accepted) throws Exception {
			SocketChannel socket = javaChannel().accept();
			if (socket == null) {
				return 0;
			}
			try {
				accepted.add(new EchoSocketChannel(this, socket));
				return 1;
			}
			catch (RuntimeException ex) {
				socket.close();
				throw ex;
			}
		}

	}

}
