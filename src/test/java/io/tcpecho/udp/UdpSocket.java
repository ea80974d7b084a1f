package io.tcpecho.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A test's UDP peer: an unconnected socket on loopback that sends datagrams and says what came back, and from where.
 */
final class UdpSocket implements AutoCloseable {

	private final DatagramSocket socket;

	private final InetSocketAddress server;

	UdpSocket(String address, int port) throws IOException {
		this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
		this.server = new InetSocketAddress(InetAddress.getByName(address), port);
		this.socket.setSoTimeout(5000);
	}

	UdpSocket(int port) throws IOException {
		this("127.0.0.1", port);
	}

	UdpSocket send(byte[] payload) throws IOException {
		this.socket.send(new DatagramPacket(payload, payload.length, this.server));
		return this;
	}

	UdpSocket send(String payload) throws IOException {
		return send(payload.getBytes(StandardCharsets.UTF_8));
	}

	/** The next datagram that comes back. */
	Received receive() throws IOException {
		byte[] buffer = new byte[65536];
		DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
		this.socket.receive(packet);
		return new Received(Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
	}

	String receiveUtf8() throws IOException {
		return new String(receive().payload(), StandardCharsets.UTF_8);
	}

	/** Whether nothing comes back within {@code wait}. */
	boolean silentFor(Duration wait) throws IOException {
		int timeout = this.socket.getSoTimeout();
		this.socket.setSoTimeout(Math.toIntExact(wait.toMillis()));
		try {
			receive();
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		finally {
			this.socket.setSoTimeout(timeout);
		}
	}

	int localPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public void close() {
		this.socket.close();
	}

	/** A datagram that came back, and the address it came from. */
	record Received(byte[] payload, InetSocketAddress from) {
	}

}
