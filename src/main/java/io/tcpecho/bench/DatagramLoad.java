package io.tcpecho.bench;

import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * One UDP flow of the load tool on its event loop: a connected datagram channel (its own source
 * port) keeping {@code inFlight} datagrams unanswered, each carrying its flow and sequence number,
 * every echo checked byte for byte, and a datagram not echoed within the reply timeout counted lost
 * (and late too, should its echo come after all).
 */
final class DatagramLoad extends SimpleChannelInboundHandler<DatagramPacket> {

	/** The flow number and the sequence number at the head of each datagram. */
	static final int HEADER = Integer.BYTES + Long.BYTES;

	private final int flow;

	private final int inFlight;

	private final long quota;

	private final long replyTimeoutNanos;

	private final Payloads filler;

	private final Recorder latencies;

	/** The send time of each datagram in flight, oldest first, which is the order they expire in. */
	private final Map<Long, Long> outstanding = new LinkedHashMap<>();

	/** The sequence numbers counted lost, so that one that comes back after all is told apart from one dropped. */
	private final BitSet counted = new BitSet();

	private long nextSequence;

	private volatile boolean sending = true;

	private volatile @Nullable Throwable failure;

	private @Nullable ChannelHandlerContext ctx;

	final AtomicLong sent = new AtomicLong();

	final AtomicLong echoed = new AtomicLong();

	final AtomicLong lost = new AtomicLong();

	final AtomicLong late = new AtomicLong();

	final AtomicLong wrong = new AtomicLong();

	/**
	 * @param quota datagrams to send in all; 0 sends until stopped
	 * @param payloadBytes bytes of each datagram, its header included
	 */
	DatagramLoad(int flow, int inFlight, long quota, int payloadBytes, long replyTimeoutNanos, Recorder latencies) {
		this.flow = flow;
		this.inFlight = inFlight;
		this.quota = quota;
		this.replyTimeoutNanos = replyTimeoutNanos;
		this.filler = new Payloads(payloadBytes - HEADER);
		this.latencies = latencies;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.ctx = ctx;
		long check = Math.max(1, this.replyTimeoutNanos / 10);
		ctx.executor().scheduleAtFixedRate(this::expire, check, check, TimeUnit.NANOSECONDS);
		fill();
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
		ByteBuf echo = packet.content();
		int length = echo.readableBytes();
		Long sentAt = (length >= HEADER && echo.getInt(echo.readerIndex()) == this.flow)
				? this.outstanding.remove(echo.getLong(echo.readerIndex() + Integer.BYTES)) : null;
		long sequence = (length >= HEADER) ? echo.getLong(echo.readerIndex() + Integer.BYTES) : -1;
		if (sentAt == null) {
			// the echo of a datagram counted lost already: it was late, not dropped
			if (sequence >= 0 && sequence <= Integer.MAX_VALUE && this.counted.get((int) sequence)) {
				this.counted.clear((int) sequence);
				this.late.incrementAndGet();
			}
			return;
		}
		if (this.filler.matches(echo, echo.readerIndex() + HEADER, length - HEADER, this.flow, sequence)) {
			this.latencies.recordValue(System.nanoTime() - sentAt);
			this.echoed.incrementAndGet();
		}
		else {
			this.wrong.incrementAndGet();
		}
		fill();
	}

	/** Sends what may be in flight now, in one flush. */
	private void fill() {
		ChannelHandlerContext context = this.ctx;
		if (context == null) {
			return;
		}
		boolean wrote = false;
		while (this.sending && this.outstanding.size() < this.inFlight && (this.quota == 0 || this.nextSequence < this.quota)) {
			long sequence = this.nextSequence++;
			ByteBuf datagram = context.alloc().buffer(HEADER + this.filler.length());
			datagram.writeInt(this.flow).writeLong(sequence);
			this.filler.write(datagram, this.flow, sequence);
			this.outstanding.put(sequence, System.nanoTime());
			context.write(datagram, context.voidPromise());
			this.sent.incrementAndGet();
			wrote = true;
		}
		if (wrote) {
			context.flush();
		}
	}

	/** Counts the datagrams overdue as lost, and sends others in their place. */
	private void expire() {
		long now = System.nanoTime();
		Iterator<Map.Entry<Long, Long>> oldest = this.outstanding.entrySet().iterator();
		while (oldest.hasNext()) {
			Map.Entry<Long, Long> datagram = oldest.next();
			if (now - datagram.getValue() <= this.replyTimeoutNanos) {
				break;
			}
			oldest.remove();
			this.lost.incrementAndGet();
			if (datagram.getKey() <= Integer.MAX_VALUE) {
				this.counted.set(datagram.getKey().intValue());
			}
		}
		fill();
	}

	/** No more datagrams; those in flight still count when they come back or expire. */
	void stopSending() {
		this.sending = false;
	}

	/** Everything sent has come back or been counted lost, and nothing more will be sent. */
	boolean isComplete() {
		return this.echoed.get() + this.lost.get() + this.wrong.get() >= this.sent.get()
				&& (!this.sending || (this.quota > 0 && this.sent.get() >= this.quota));
	}

	/** The first error on the channel, such as an ICMP port unreachable; the datagrams in flight then expire as lost. */
	@Nullable Throwable failure() {
		return this.failure;
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (this.failure == null) {
			this.failure = cause;
		}
	}

}
