package io.tcpecho.udp;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.expression.FunctionExpression;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.outbound.UnicastSendingMessageHandler;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The way back of one UDP listener: the echo flow's replies, shaped by the customizer (faults),
 * sent by Spring Integration's sending adapter through the receiver's socket to each datagram's
 * sender, and counted; a delayed one waits on a thread of its own.
 */
final class DatagramReplies implements MessageChannel {

	/** The header that carries a datagram's flow through the echo flow. */
	static final String FLOW = "echo_flow";

	private static final Logger logger = LoggerFactory.getLogger(DatagramReplies.class);

	private final String listener;

	private final DatagramStats stats;

	private final UnicastSendingMessageHandler sender;

	private final ScheduledExecutorService delays;

	private final AtomicInteger pending = new AtomicInteger();

	private volatile DatagramCustomizer customizer = DatagramCustomizer.NONE;

	DatagramReplies(String listener, DatagramReceiver receiver, DatagramStats stats) {
		this.listener = listener;
		this.stats = stats;
		this.sender = new UnicastSendingMessageHandler(
				new FunctionExpression<Message<?>>((message) -> message.getHeaders().get(IpHeaders.PACKET_ADDRESS)));
		this.sender.setSocketExpression(new FunctionExpression<Message<?>>((message) -> receiver.socket()));
		CustomizableThreadFactory threads = new CustomizableThreadFactory("udp-delays-" + listener + "-");
		threads.setDaemon(true);
		this.delays = Executors.newSingleThreadScheduledExecutor(threads);
	}

	UnicastSendingMessageHandler sender() {
		return this.sender;
	}

	void customize(DatagramCustomizer customizer) {
		this.customizer = customizer;
	}

	/** A datagram went into the echo flow: it is pending until its echo leaves or is dropped. */
	void expect() {
		this.pending.incrementAndGet();
	}

	int pending() {
		return this.pending.get();
	}

	/** An echo from the echo flow, on the receiving thread. */
	@Override
	public boolean send(Message<?> reply, long timeout) {
		DatagramFlow flow = (DatagramFlow) reply.getHeaders().get(FLOW);
		byte[] payload = (byte[]) reply.getPayload();
		DatagramCustomizer.Reply how = this.customizer.customize(flow, payload.length);
		if (how.dropped() != null) {
			dropped(flow, how.dropped());
			this.pending.decrementAndGet();
			return true;
		}
		Message<?> echo = (how.length() < payload.length) ? MessageBuilder.withPayload(Arrays.copyOf(payload, how.length()))
			.copyHeaders(reply.getHeaders())
			.build() : reply;
		if (how.delayNanos() > 0) {
			this.delays.schedule(() -> send(flow, echo, how.copies()), how.delayNanos(), TimeUnit.NANOSECONDS);
		}
		else {
			send(flow, echo, how.copies());
		}
		return true;
	}

	private void send(DatagramFlow flow, Message<?> echo, int copies) {
		try {
			int length = ((byte[]) echo.getPayload()).length;
			for (int i = 0; i < copies; i++) {
				this.sender.handleMessage(echo);
				this.stats.sent(length);
				flow.sent(length);
			}
		}
		catch (MessagingException ex) {
			failed(flow, ex);
			return;
		}
		this.pending.decrementAndGet();
	}

	/** A pending datagram whose echo could not be made or sent. */
	void failed(DatagramFlow flow, MessagingException ex) {
		dropped(flow, DropReason.SEND_FAILED);
		warnOnce(flow, "Could not echo a datagram to {} on listener {}: {}", flow.peer(), this.listener,
				String.valueOf(ex.getMostSpecificCause()));
		this.pending.decrementAndGet();
	}

	void dropped(DatagramFlow flow, DropReason reason) {
		this.stats.drop(reason);
		logger.debug("Dropped a datagram from {} on listener {}: {}", flow.peer(), this.listener, reason.tag());
	}

	/** Once per flow at WARN, so that a flood of bad datagrams writes one line per source; the rest at DEBUG. */
	static void warnOnce(DatagramFlow flow, String format, @Nullable Object... arguments) {
		if (flow.firstWarning()) {
			logger.warn(format, arguments);
		}
		else {
			logger.debug(format, arguments);
		}
	}

	void close() {
		this.delays.shutdownNow();
	}

}
