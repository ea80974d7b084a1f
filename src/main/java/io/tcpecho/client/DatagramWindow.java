package io.tcpecho.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The datagrams a client has sent and not yet seen echoed, each sent again when its reply timeout
 * passes, until its retries are spent and it counts as unanswered; a late copy of an echo already
 * taken is never taken twice.
 */
final class DatagramWindow {

	private static final int REMEMBERED = 64;

	private final DatagramSocket socket;

	private final long timeoutNanos;

	private final int retries;

	private final List<Pending> pending = new ArrayList<>();

	private final boolean oneAtATime;

	/** Echoes already taken, so that a late copy of one (after a retry, or a duplicating network) is skipped. */
	private final Deque<byte[]> taken = new ArrayDeque<>();

	private final byte[] buffer;

	private long sent;

	private long unanswered;

	/**
	 * @param oneAtATime whether one datagram is in flight at a time, so that any datagram that is not
	 * a late copy is its echo, even one that a network cut short
	 */
	DatagramWindow(DatagramSocket socket, EchoClientProperties properties, boolean oneAtATime) {
		this.socket = socket;
		this.oneAtATime = oneAtATime;
		this.timeoutNanos = properties.replyTimeout().toNanos();
		this.retries = properties.retries();
		this.buffer = new byte[65536];
	}

	void send(byte[] datagram) throws IOException {
		this.socket.send(new DatagramPacket(datagram, datagram.length));
		this.pending.add(new Pending(datagram, System.nanoTime()));
		this.sent++;
	}

	/**
	 * The next datagram from the server, or null when a reply timeout passed first (and the
	 * datagrams overdue were sent again or given up).
	 * @throws java.net.PortUnreachableException when the kernel reports the server's port closed
	 */
	byte @Nullable [] next() throws IOException {
		while (true) {
			long now = System.nanoTime();
			long wait = this.pending.stream().mapToLong((p) -> p.sentAt + this.timeoutNanos - now).min().orElse(0);
			if (wait <= 0) {
				retryOverdue();
				return null;
			}
			this.socket.setSoTimeout((int) Math.max(1, wait / 1_000_000));
			DatagramPacket packet = new DatagramPacket(this.buffer, this.buffer.length);
			try {
				this.socket.receive(packet);
			}
			catch (SocketTimeoutException ex) {
				retryOverdue();
				return null;
			}
			byte[] datagram = Arrays.copyOf(this.buffer, packet.getLength());
			if (take(datagram)) {
				return datagram;
			}
		}
	}

	/**
	 * Takes the pending datagram it echoes off the window: the first with the same bytes, or the one
	 * in flight when one at a time; false for a late copy of an echo taken before.
	 */
	private boolean take(byte[] echo) {
		Iterator<Pending> each = this.pending.iterator();
		while (each.hasNext()) {
			if (Arrays.equals(each.next().datagram, echo)) {
				each.remove();
				remember(echo);
				return true;
			}
		}
		if (this.taken.stream().anyMatch((earlier) -> Arrays.equals(earlier, echo))) {
			return false;
		}
		if (this.oneAtATime && !this.pending.isEmpty()) {
			this.pending.remove(0);
		}
		remember(echo);
		return true;
	}

	private void remember(byte[] echo) {
		this.taken.addLast(echo);
		if (this.taken.size() > REMEMBERED) {
			this.taken.removeFirst();
		}
	}

	private void retryOverdue() throws IOException {
		long now = System.nanoTime();
		Iterator<Pending> each = this.pending.iterator();
		while (each.hasNext()) {
			Pending overdue = each.next();
			if (now - overdue.sentAt < this.timeoutNanos) {
				continue;
			}
			if (overdue.attempts > this.retries) {
				each.remove();
				this.unanswered++;
			}
			else {
				this.socket.send(new DatagramPacket(overdue.datagram, overdue.datagram.length));
				overdue.sentAt = now;
				overdue.attempts++;
			}
		}
	}

	int size() {
		return this.pending.size();
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	long sent() {
		return this.sent;
	}

	long unanswered() {
		return this.unanswered;
	}

	private static final class Pending {

		private final byte[] datagram;

		private long sentAt;

		private int attempts = 1;

		Pending(byte[] datagram, long sentAt) {
			this.datagram = datagram;
			this.sentAt = sentAt;
		}

	}

}
