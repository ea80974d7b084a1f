package io.tcpecho.transport;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.uring.IoUringTcpInfo;
import org.jspecify.annotations.Nullable;

/**
 * What the kernel knows of one TCP connection (Linux's TCP_INFO), as Netty's native transports
 * read it; NIO cannot.
 *
 * @param rttMicros smoothed round-trip time
 * @param rttVarianceMicros its mean deviation
 * @param totalRetransmits segments retransmitted over the connection's life
 * @param congestionWindow the congestion window, in segments
 * @param unackedSegments segments sent and not yet acknowledged
 * @param mss the maximum segment size it sends
 */
public record TcpInfo(long rttMicros, long rttVarianceMicros, long totalRetransmits, long congestionWindow,
		long unackedSegments, long mss) {

	/**
	 * Reads it now on the channel's event loop, waiting for the loop up to a second from another
	 * thread: read elsewhere, a closed socket's descriptor could already be another's.
	 */
	static @Nullable TcpInfo now(Channel channel) {
		if (channel.eventLoop().inEventLoop()) {
			return of(channel);
		}
		try {
			return channel.eventLoop().submit(() -> of(channel)).get(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			return null;
		}
	}

	/** Reads it on the channel's event loop and, when there is a reading, hands it to {@code sample} there. */
	static void sample(Channel channel, Consumer<TcpInfo> sample) {
		channel.eventLoop().execute(() -> {
			TcpInfo info = of(channel);
			if (info != null) {
				sample.accept(info);
			}
		});
	}

	/** Reads it now, on the channel's event loop; null on NIO, or once the socket is closed. */
	static @Nullable TcpInfo of(Channel channel) {
		if (!channel.isOpen()) {
			return null;
		}
		try {
			if (channel instanceof EpollSocketChannel epoll) {
				EpollTcpInfo info = epoll.tcpInfo();
				return new TcpInfo(info.rtt(), info.rttvar(), info.totalRetrans(), info.sndCwnd(), info.unacked(),
						info.sndMss());
			}
			if (channel instanceof IoUringSocketChannel uring) {
				IoUringTcpInfo info = uring.tcpInfo();
				return new TcpInfo(info.rtt(), info.rttvar(), info.totalRetrans(), info.sndCwnd(), info.unacked(),
						info.sndMss());
			}
		}
		catch (ChannelException ex) {
			// the socket closed under the read
		}
		return null;
	}

}
