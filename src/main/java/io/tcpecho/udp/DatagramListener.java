package io.tcpecho.udp;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.outbound.UnicastSendingMessageHandler;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.util.function.SingletonSupplier;

/**
 * One UDP listener: each datagram its receiver maps to a message goes through the echo flow, and
 * its echo leaves as one datagram from the listener's own socket, to the address it came from.
 */
public final class DatagramListener implements BeanFactoryAware, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DatagramListener.class);

	private final DatagramSettings settings;

	private final DatagramReceiver receiver;

	private final DatagramFlows flows;

	private final DatagramStats stats = new DatagramStats();

	private final DatagramReplies replies;

	private final SingletonSupplier<MessageChannel> echoFlow;

	private @Nullable BeanFactory beanFactory;

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
		this.receiver.setOutputChannel((message, timeout) -> {
			received(message);
			return true;
		});
		this.receiver.onBound(() -> bound(meters));
		this.replies = new DatagramReplies(settings.name(), this.receiver, this.stats);
		this.flows = new DatagramFlows(settings.name(), settings.maxFlows(), settings.flowTimeout());
		this.echoFlow = SingletonSupplier.of(() -> this.beanFactory.getBean(echoFlow, MessageChannel.class));
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
		return this.replies.sender();
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
		this.replies.close();
	}

	public String name() {
		return this.settings.name();
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

	/** How many flows were seen within the flow timeout, without copying them. */
	public int flowCount() {
		return this.flows.size(Instant.now());
	}

	/** Sets what decides how each echo leaves (faults). */
	public void customize(DatagramCustomizer customizer) {
		this.replies.customize(customizer);
	}

	/** The drain begins: datagrams received from now on are dropped, those received before are still answered. */
	public void stopReceiving() {
		this.draining = true;
	}

	/** Datagrams received and not yet answered or dropped: those a fault delays, mostly. */
	public int pending() {
		return this.replies.pending();
	}

	/** A datagram from the receiver, on its thread: counted, refused, or sent into the echo flow. */
	private void received(Message<?> message) {
		byte[] payload = (byte[]) message.getPayload();
		InetSocketAddress peer = (InetSocketAddress) message.getHeaders().get(IpHeaders.PACKET_ADDRESS);
		this.stats.received(payload.length);
		DatagramFlow flow = this.flows.received(peer, payload.length, Instant.now());
		if (this.draining) {
			this.replies.dropped(flow, DropReason.DRAINING);
		}
		else if (payload.length > this.settings.maxDatagramSize()) {
			this.replies.dropped(flow, DropReason.TOO_LARGE);
			DatagramReplies.warnOnce(flow, "Dropped a datagram of {} bytes or more from {} on listener {}: over {}.max-datagram-size ({} bytes)",
					payload.length, peer, name(), this.settings.prefix(), this.settings.maxDatagramSize());
		}
		else {
			this.replies.expect();
			try {
				this.echoFlow.get()
					.send(MessageBuilder.fromMessage(message)
						.setHeader(DatagramReplies.FLOW, flow)
						.setReplyChannel(this.replies)
						.build());
			}
			catch (MessagingException ex) {
				// the flow failed before any reply: not pending any more, or the drain would wait for it
				this.replies.failed(flow, ex);
			}
		}
	}

	/** The socket's receive buffer as the kernel set it, for the startup line. */
	private int receiveBufferSize() {
		DatagramSocket socket = this.receiver.socket();
		try {
			return (socket != null) ? socket.getReceiveBufferSize() : 0;
		}
		catch (SocketException ex) {
			return 0;
		}
	}

}
