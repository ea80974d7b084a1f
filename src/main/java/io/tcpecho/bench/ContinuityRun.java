package io.tcpecho.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code bench --mode=continuity} run, after ctraffic but checked byte for byte: numbered
 * lines at a fixed rate over connections that reconnect when they end, a progress line each
 * second, and a report of what was retried and lost, per backend and per second.
 */
final class ContinuityRun {

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private final BenchProperties properties;

	private final @Nullable SslContext tls;

	ContinuityRun(BenchProperties properties, @Nullable SslContext tls) {
		this.properties = properties;
		this.tls = tls;
	}

	/** Runs and returns the exit code: 0 when at most {@code max-lost} lines were lost and none came back wrong. */
	int run(PrintStream out) throws IOException, InterruptedException {
		BenchProperties p = this.properties;
		// continuity needs a schedule: without --rate, ten lines a second per connection
		double rate = (p.rate() > 0) ? p.rate() : 10.0 * p.connections();
		out.printf(Locale.ROOT, "continuity %s:%d%s  connections %d  %.0f lines/s  %s  reconnect after %s  deadline %s%n",
				p.host(), p.port(), (this.tls != null) ? " (TLS)" : "", p.connections(), rate, p.duration(),
				p.reconnectDelay(), p.deadline());
		ContinuityCounts counts = new ContinuityCounts();
		Recorder latencies = new Recorder(3);
		EventLoopGroup group = BenchChannels.newGroup(Math.min(p.connections(), Runtime.getRuntime().availableProcessors()));
		try {
			long intervalNanos = (long) (1e9 * p.connections() / rate);
			long start = System.nanoTime();
			List<ContinuitySlot> slots = new ArrayList<>();
			for (int i = 0; i < p.connections(); i++) {
				Bootstrap bootstrap = new Bootstrap().group(group.next())
					.channel(BenchChannels.channelType())
					.option(ChannelOption.TCP_NODELAY, true)
					.option(ChannelOption.ALLOW_HALF_CLOSURE, true)
					.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
					.remoteAddress(p.host(), p.port());
				// staggered, so that the rate is spread evenly rather than sent in bursts
				ContinuitySlot slot = new ContinuitySlot(i, bootstrap, p, counts, latencies,
						start + i * intervalNanos / p.connections(), intervalNanos);
				bootstrap.handler(initializer(slot));
				slots.add(slot);
				slot.start();
			}
			List<ContinuityReport.Second> timeline = new ArrayList<>();
			Map<String, Long> previous = counts.totals();
			long seconds = Math.max(1, p.duration().toSeconds());
			for (long second = 1; second <= seconds; second++) {
				Thread.sleep(Math.max(0, TimeUnit.SECONDS.toNanos(second) - (System.nanoTime() - start)) / 1_000_000);
				previous = record(second, counts, previous, timeline, out);
			}
			slots.forEach(ContinuitySlot::finish);
			long deadline = System.nanoTime() + p.deadline().toNanos();
			while (!slots.stream().allMatch(ContinuitySlot::isDone) && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			slots.forEach(ContinuitySlot::abandon);
			record(seconds + 1, counts, previous, timeline, out);
			Histogram all = latencies.getIntervalHistogram();
			Map<String, Double> latency = new LinkedHashMap<>();
			latency.put("p50", all.getValueAtPercentile(50) / 1e3);
			latency.put("p99", all.getValueAtPercentile(99) / 1e3);
			latency.put("max", all.getMaxValue() / 1e3);
			ContinuityReport report = new ContinuityReport(counts.totals(), counts.backends(), timeline,
					Duration.ofNanos(slots.stream().mapToLong(ContinuitySlot::longestGapNanos).max().orElse(0)).toMillis(),
					latency);
			out.println(report.summary());
			Optional<Path> reportFile = p.reportFile();
			if (reportFile.isPresent()) {
				BenchJson.write(report, reportFile.get());
				out.println("report written to " + reportFile.get());
			}
			Optional<Path> plotFile = p.plotFile();
			if (plotFile.isPresent()) {
				ContinuityPlot.draw(report, plotFile.get());
				out.println("plot drawn in " + plotFile.get());
			}
			boolean passed = report.total("lost") <= p.maxLost() && report.total("wrong") == 0;
			out.printf("RESULT lost=%d wrong=%d retried=%d resets=%d %s%n", report.total("lost"), report.total("wrong"),
					report.total("retried"), report.total("resets"), passed ? "PASSED" : "FAILED");
			return passed ? 0 : 1;
		}
		finally {
			group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	private ChannelInitializer<SocketChannel> initializer(ContinuitySlot slot) {
		BenchProperties p = this.properties;
		return new ChannelInitializer<>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				if (ContinuityRun.this.tls != null) {
					channel.pipeline().addLast(BenchChannels.verifyingHost(
							ContinuityRun.this.tls.newHandler(channel.alloc(), p.host(), p.port())));
				}
				channel.pipeline().addLast(slot.newLink());
			}
		};
	}

	/** Adds one second to the timeline, prints its progress line, and returns the totals it ends with. */
	private static Map<String, Long> record(long second, ContinuityCounts counts, Map<String, Long> previous,
			List<ContinuityReport.Second> timeline, PrintStream out) {
		Map<String, Long> now = counts.totals();
		Map<String, Integer> open = counts.openByBackend();
		int connections = open.values().stream().mapToInt(Integer::intValue).sum();
		ContinuityReport.Second entry = new ContinuityReport.Second(second, connections, delta(now, previous, "sent"),
				delta(now, previous, "echoed"), delta(now, previous, "retried"), delta(now, previous, "lost"),
				delta(now, previous, "resets"), open);
		timeline.add(entry);
		out.printf(Locale.ROOT, "[%4ds] connections %4d  sent %7d  echoed %7d  retried %5d  lost %5d  resets %4d%n",
				second, connections, entry.sent(), entry.echoed(), entry.retried(), entry.lost(), entry.resets());
		return now;
	}

	private static long delta(Map<String, Long> now, Map<String, Long> previous, String name) {
		return now.get(name) - previous.get(name);
	}

}
