package io.tcpecho.transport;

import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection of one listener has echoed, summed as it is counted: what meters read.
 */
public final class ListenerStats {

	/** Told the time from a read to its echo written, once per write, for the lines it echoed. */
	@FunctionalInterface
	public interface LatencyRecorder {

		void record(long nanos, int lines);

	}

	private final LongAdder linesEchoed = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private volatile LatencyRecorder latency = (nanos, lines) -> {
	};

	/** Lines echoed since start. */
	public long linesEchoed() {
		return this.linesEchoed.sum();
	}

	/** Bytes of whole messages read since start, framing included. */
	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	/** Bytes of echoes written since start, framing included. */
	public long bytesSent() {
		return this.bytesSent.sum();
	}

	/** Records each write's latency with {@code recorder} from now on. */
	public void recordLatency(LatencyRecorder recorder) {
		this.latency = recorder;
	}

	void received(long bytes) {
		this.bytesReceived.add(bytes);
	}

	void sent(int lines, long bytes, long nanos) {
		this.linesEchoed.add(lines);
		this.bytesSent.add(bytes);
		this.latency.record(nanos, lines);
	}

}
