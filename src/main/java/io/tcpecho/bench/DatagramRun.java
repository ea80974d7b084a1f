package io.tcpecho.bench;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code bench --protocol=udp}: each of {@code --connections} flows keeps {@code --in-flight}
 * datagrams unanswered; the run reports throughput, latency, and the datagrams lost.
 */
final class DatagramRun {

	private final BenchProperties properties;

	DatagramRun(BenchProperties properties) {
		this.properties = properties;
	}

	int run(PrintStream out) throws InterruptedException {
		BenchProperties p = this.properties;
		if (p.payloadBytes() < DatagramLoad.HEADER) {
			throw new IllegalArgumentException("--payload-size must be at least " + DatagramLoad.HEADER
					+ " bytes over udp: each datagram carries its flow and sequence number");
		}
		out.printf("bench udp %s:%d  flows %d  in flight %d  payload %d B  %s  reply timeout %s%n", p.host(), p.port(),
				p.connections(), p.inFlight(), p.payloadBytes(),
				(p.count() > 0) ? p.count() + " datagrams" : p.duration().toString(), p.replyTimeout());
		Recorder recorder = new Recorder(3);
		EventLoopGroup group = BenchChannels.newGroup(Math.min(p.connections(), Runtime.getRuntime().availableProcessors()));
		List<DatagramLoad> flows = new ArrayList<>();
		List<Channel> channels = new ArrayList<>();
		try {
			long start = System.nanoTime();
			long cpuStart = BenchRunner.processCpuNanos();
			for (int i = 0; i < p.connections(); i++) {
				long quota = (p.count() > 0) ? p.count() / p.connections() + ((i < p.count() % p.connections()) ? 1 : 0) : 0;
				DatagramLoad flow = new DatagramLoad(i, p.inFlight(), quota, p.payloadBytes(), p.replyTimeout().toNanos(),
						recorder);
				flows.add(flow);
				channels.add(new Bootstrap().group(group)
					.channel(Epoll.isAvailable() ? EpollDatagramChannel.class : NioDatagramChannel.class)
					.handler(flow)
					.connect(new InetSocketAddress(p.host(), p.port()))
					.sync()
					.channel());
			}
			Histogram all = new Histogram(3);
			long reported = 0;
			for (int second = 1; !isDone(flows, start); second++) {
				Thread.sleep(Math.max(0, Duration.ofSeconds(second).toNanos() - (System.nanoTime() - start)) / 1_000_000);
				Histogram interval = recorder.getIntervalHistogram();
				all.add(interval);
				long echoed = sum(flows, (flow) -> flow.echoed.get());
				out.println(new BenchReport(echoed - reported, (echoed - reported) * p.payloadBytes(), Duration.ofSeconds(1),
						interval, sum(flows, (flow) -> flow.wrong.get()), Duration.ZERO).progressLine(second)
						+ "  lost " + sum(flows, (flow) -> flow.lost.get()));
				reported = echoed;
			}
			flows.forEach(DatagramLoad::stopSending);
			long deadline = System.nanoTime() + 2 * p.replyTimeout().toNanos() + 1_000_000_000L;
			while (!flows.stream().allMatch(DatagramLoad::isComplete) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			all.add(recorder.getIntervalHistogram());
			long echoed = sum(flows, (flow) -> flow.echoed.get());
			long sent = sum(flows, (flow) -> flow.sent.get());
			long lost = sum(flows, (flow) -> flow.lost.get());
			long wrong = sum(flows, (flow) -> flow.wrong.get());
			long late = sum(flows, (flow) -> flow.late.get());
			BenchReport report = new BenchReport(echoed, echoed * p.payloadBytes(), Duration.ofNanos(System.nanoTime() - start),
					all, wrong, Duration.ofNanos(BenchRunner.processCpuNanos() - cpuStart));
			double lostRate = (sent > 0) ? (double) lost / sent : 0;
			out.println(report.summary());
			out.printf(Locale.ROOT, "lost %d of %d datagrams sent (%.4f%%), %d of them echoed later than %s%n"
					+ "RESULT_UDP sent=%d lost=%d lost_rate=%.6f late=%d%n", lost, sent, 100 * lostRate, late, p.replyTimeout(),
					sent, lost, lostRate, late);
			flows.stream().map(DatagramLoad::failure).filter((failure) -> failure != null).findFirst()
				.ifPresent((failure) -> out.println("first error: " + failure));
			p.reportFile().ifPresent((file) -> {
				Map<String, Object> json = report.json();
				json.put("protocol", "udp");
				json.put("totals", Map.of("sent", sent, "echoed", echoed, "errors", wrong, "lost", lost, "late", late));
				json.put("lostRate", lostRate);
				BenchJson.write(json, file);
			});
			return (wrong == 0) ? 0 : 1;
		}
		finally {
			channels.forEach(Channel::close);
			group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	private boolean isDone(List<DatagramLoad> flows, long start) {
		if (this.properties.count() > 0) {
			return flows.stream().allMatch(DatagramLoad::isComplete);
		}
		return System.nanoTime() - start >= this.properties.duration().toNanos();
	}

	private static long sum(List<DatagramLoad> flows, ToLongFunction<DatagramLoad> counter) {
		return flows.stream().mapToLong(counter).sum();
	}

}
