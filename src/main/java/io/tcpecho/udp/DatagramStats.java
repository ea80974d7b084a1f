package io.tcpecho.udp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one UDP listener received, echoed and dropped, summed as it is counted: what meters read.
 */
public final class DatagramStats {

	private final LongAdder received = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

	DatagramStats() {
		for (DropReason reason : DropReason.values()) {
			this.dropped.put(reason, new LongAdder());
		}
	}

	public long received() {
		return this.received.sum();
	}

	public long sent() {
		return this.sent.sum();
	}

	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	public long bytesSent() {
		return this.bytesSent.sum();
	}

	public long dropped(DropReason reason) {
		return this.dropped.get(reason).sum();
	}

	void received(int bytes) {
		this.received.increment();
		this.bytesReceived.add(bytes);
	}

	void sent(int bytes) {
		this.sent.increment();
		this.bytesSent.add(bytes);
	}

	void drop(DropReason reason) {
		this.dropped.get(reason).increment();
	}

}
