package io.tcpecho.udp;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

import io.tcpecho.transport.PortInUseException;

import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.udp.inbound.UnicastReceivingChannelAdapter;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessagingException;

/**
 * Spring Integration's UDP inbound adapter, handling each datagram on its receiving thread: in
 * order, into one reused buffer a byte larger than the largest datagram allowed (so that a larger
 * one shows), and bound when it starts, so that a port in use fails the start.
 */
final class DatagramReceiver extends UnicastReceivingChannelAdapter {

	private final String listener;

	private final byte[] buffer;

	private Runnable onBound = () -> {
	};

	DatagramReceiver(String listener, int port, int maxDatagramSize) {
		super(port);
		this.listener = listener;
		// the adapter would hand every datagram to another thread: a wake-up each, and reordering
		setPoolSize(1);
		setReceiveBufferSize(maxDatagramSize + 1);
		this.buffer = new byte[maxDatagramSize + 1];
	}

	/** Runs once the socket is bound, before the first datagram. */
	void onBound(Runnable onBound) {
		this.onBound = onBound;
	}

	@Override
	protected void doStart() {
		bind();
		this.onBound.run();
		super.doStart();
	}

	/** Binds the socket now, on the starting thread, so that a failure stops the start. */
	private void bind() {
		try {
			getSocket();
		}
		catch (MessagingException ex) {
			InetSocketAddress address = (getLocalAddress() != null) ? new InetSocketAddress(getLocalAddress(), getPort())
					: new InetSocketAddress(getPort());
			if (ex.getCause() instanceof BindException inUse) {
				throw new PortInUseException(this.listener, address, inUse);
			}
			throw ex;
		}
	}

	@Override
	protected boolean asyncSendMessage(DatagramPacket packet) {
		if (packet.getLength() > 0) {
			doSend(packet);
		}
		else {
			// Spring Integration's mapper maps an empty datagram to no message; RFC 862 echoes it
			sendMessage(MessageBuilder.withPayload(new byte[0])
				.setHeader(IpHeaders.IP_ADDRESS, packet.getAddress().getHostAddress())
				.setHeader(IpHeaders.PORT, packet.getPort())
				.setHeader(IpHeaders.PACKET_ADDRESS, packet.getSocketAddress())
				.build());
		}
		return true;
	}

	/** Into the one buffer: the message mapper copies the datagram out before the next receive. */
	@Override
	protected DatagramPacket receive() throws IOException {
		DatagramPacket packet = new DatagramPacket(this.buffer, this.buffer.length);
		getSocket().receive(packet);
		return packet;
	}

	/** The bound socket, or null before the start and after the stop. */
	DatagramSocket socket() {
		return getTheSocket();
	}

}
