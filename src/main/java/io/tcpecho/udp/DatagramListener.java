package io.tcpecho.udp;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.outbound.UnicastSendingMessageHandler;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.function.SingletonSupplier;

/**
 * One UDP listener: each datagram its receiver maps to a message goes through the echo flow, and
 * its echo leaves as one datagram from the listener's own socket, to the address it came from.
 */
public final class DatagramListener implements BeanFactoryAware, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DatagramListener.class);

	private static final String FLOW = "echo_flow";

	private final DatagramSettings settings;

	private final DatagramReceiver receiver;

	private final DatagramFlows flows;

	private final DatagramStats stats = new DatagramStats();

	private final String echoFlowName;

	private final SingletonSupplier<MessageChannel> echoFlow;

	private @Nullable BeanFactory beanFactory;

	private final UnicastSendingMessageHandler sender;

	private final ScheduledExecutorService delays;

	private final AtomicInteger pending = new AtomicInteger();

	private final MessageChannel replies = (reply, timeout) -> {
		reply(reply);
		return true;
	};

	private volatile DatagramCustomizer customizer = DatagramCustomizer.NONE;

	private volatile boolean draining;

	/**
	 * @param settings what it is configured with
	 * @param echoFlow the name of the echo flow's request channel, looked up at the first datagram
	 * @param meters where its meters go once it is bound
	 */
	DatagramListener(DatagramSettings settings, String echoFlow, MeterRegistry meters) {
		this.settings = settings;
		this.receiver = new DatagramReceiver(settings.name(), settings.port(), settings.maxDatagramSize());
		if (settings.bindAddress() != null && !settings.bindAddress().isBlank()) {
			this.receiver.setLocalAddress(settings.bindAddress());
		}
		if (settings.receiveBufferSize() > 0) {
			this.receiver.setSoReceiveBufferSize(settings.receiveBufferSize());
		}
		this.receiver.setOutputChannel(intake());
		this.receiver.onBound(() -> bound(meters));
		// Spring Integration's sending adapter, replying through the receiver's socket to each datagram's sender
		this.sender = new UnicastSendingMessageHandler(
				new FunctionExpression<Message<?>>((message) -> message.getHeaders().get(IpHeaders.PACKET_ADDRESS)));
		this.sender.setSocketExpression(new FunctionExpression<Message<?>>((message) -> this.receiver.socket()));
		this.flows = new DatagramFlows(settings.name(), settings.maxFlows(), settings.flowTimeout());
		this.echoFlowName = echoFlow;
		this.echoFlow = SingletonSupplier.of(() -> this.beanFactory.getBean(this.echoFlowName, MessageChannel.class));
		CustomizableThreadFactory threads = new CustomizableThreadFactory("udp-delays-" + settings.name() + "-");
		threads.setDaemon(true);
		this.delays = Executors.newSingleThreadScheduledExecutor(threads);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/** The receiving adapter, a bean of its own so that Spring Integration starts and stops it. */
	DatagramReceiver receiver() {
		return this.receiver;
	}

	/** The sending adapter, a bean of its own so that Spring Integration initializes it. */
	UnicastSendingMessageHandler sender() {
		return this.sender;
	}

	private void bound(MeterRegistry meters) {
		DatagramMeters.register(meters, this);
		String address = this.settings.bindAddress();
		logger.info("Echo server listening on {}:{}/udp (listener {}, max datagram {} bytes, receive buffer {} bytes, flow timeout {}, max flows {})",
				(address == null || address.isBlank()) ? "0.0.0.0" : address, port(), name(),
				this.settings.maxDatagramSize(), receiveBufferSize(), this.settings.flowTimeout(), this.settings.maxFlows());
	}

	@Override
	public void close() {
		this.delays.shutdownNow();
	}

	public String name() {
		return this.settings.name();
	}

	public DatagramSettings settings() {
		return this.settings;
	}

	public DatagramStats stats() {
		return this.stats;
	}

	/** The bound port, or the configured one before the bind. */
	public int port() {
		return this.receiver.getPort();
	}

	/** Bound, and not draining. */
	public boolean isListening() {
		return this.receiver.socket() != null && !this.draining;
	}

	/** The flows seen within the flow timeout, least recently seen first. */
	public List<DatagramFlow> flows() {
		return this.flows.list(Instant.now());
	}

	/** Sets what decides how each echo leaves (faults). */
	public void customize(DatagramCustomizer customizer) {
		this.customizer = customizer;
	}

	/** The drain begins: datagrams received from now on are dropped, those received before are still answered. */
	public void stopReceiving() {
		this.draining = true;
	}

	/** Datagrams received and not yet answered or dropped: those a fault delays, mostly. */
	public int pending() {
		return this.pending.get();
	}

	/** What the receiver sends each datagram to. */
	MessageChannel intake() {
		return (message, timeout) -> {
			received(message);
			return true;
		};
	}

	private void received(Message<?> message) {
		byte[] payload = (byte[]) message.getPayload();
		InetSocketAddress peer = (InetSocketAddress) message.getHeaders().get(IpHeaders.PACKET_ADDRESS);
		this.stats.received(payload.length);
		DatagramFlow flow = this.flows.received(peer, payload.length, Instant.now());
		if (this.draining) {
			dropped(flow, DropReason.DRAINING);
		}
		else if (payload.length > this.settings.maxDatagramSize()) {
			dropped(flow, DropReason.TOO_LARGE);
			warnOnce(flow, "Dropped a datagram of {} bytes or more from {} on listener {}: over {}.max-datagram-size ({} bytes)",
					payload.length, peer, name(), this.settings.prefix(), this.settings.maxDatagramSize());
		}
		else {
			this.pending.incrementAndGet();
			this.echoFlow.get().send(MessageBuilder.fromMessage(message).setHeader(FLOW, flow).setReplyChannel(this.replies).build());
		}
	}

	private void reply(Message<?> reply) {
		DatagramFlow flow = (DatagramFlow) reply.getHeaders().get(FLOW);
		byte[] payload = (byte[]) reply.getPayload();
		DatagramCustomizer.Reply how = this.customizer.customize(flow, payload.length);
		if (how.dropped() != null) {
			dropped(flow, how.dropped());
			this.pending.decrementAndGet();
			return;
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
			dropped(flow, DropReason.SEND_FAILED);
			warnOnce(flow, "Could not echo a datagram to {} on listener {}: {}", flow.peer(), name(),
					String.valueOf(ex.getMostSpecificCause()));
		}
		finally {
			this.pending.decrementAndGet();
		}
	}

	private void dropped(DatagramFlow flow, DropReason reason) {
		this.stats.drop(reason);
		logger.debug("Dropped a datagram from {} on listener {}: {}", flow.peer(), name(), reason.tag());
	}

	/** Once per flow at WARN, so that a flood of bad datagrams writes one line per source; the rest at DEBUG. */
	private static void warnOnce(DatagramFlow flow, String format, @Nullable Object... arguments) {
		if (flow.firstWarning()) {
			logger.warn(format, arguments);
		}
		else {
			logger.debug(format, arguments);
		}
	}

	/** The socket's receive buffer as the kernel set it, for the startup line. */
	private int receiveBufferSize() {
		DatagramSocket socket = this.receiver.socket();
		try {
			return (socket != null) ? socket.getReceiveBufferSize() : 0;
		}
		catch (java.net.SocketException ex) {
			return 0;
		}
	}

}
