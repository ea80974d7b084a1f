package io.tcpecho.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Connection-level load, as tcpkali's and fortio's users ask for: new connections at
 * {@code --connect-rate} (or as fast as {@code --connections} slots free up), each sending
 * {@code --lines-per-connection} lines one at a time and closing; connect, TLS handshake and first
 * answer timed in histograms beside the echoes.
 */
final class ChurnRun {

	private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

	private final BenchProperties properties;

	private final @Nullable SslContext tls;

	private final Payloads payloads;

	private final Recorder latency = new Recorder(3);

	private final Recorder connect = new Recorder(3);

	private final Recorder handshake = new Recorder(3);

	private final Recorder firstAnswer = new Recorder(3);

	private final LongAdder echoes = new LongAdder();

	private final LongAdder completed = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger ids = new AtomicInteger();

	private volatile boolean running = true;

	/** Past the end: connections the shutdown closes are not failures. */
	private volatile boolean shutDown;

	private @Nullable Bootstrap bootstrap;

	private SourceAddresses sources = SourceAddresses.parse(null);

	private long lines = 1;

	ChurnRun(BenchProperties properties, @Nullable SslContext tls) {
		this.properties = properties;
		this.tls = tls;
		this.payloads = new Payloads(properties.payloadBytes());
	}

	Payloads payloads() {
		return this.payloads;
	}

	/** Runs for {@code --duration}; exit code 0 when every connection echoed all its lines right. */
	int run(PrintStream out) throws IOException, InterruptedException {
		BenchProperties p = this.properties;
		this.lines = Math.max(1, p.linesPerConnection());
		this.sources = SourceAddresses.parse(p.sourceAddresses());
		out.printf(Locale.ROOT, "churn %s:%d%s  %s  at most %d open  %d line(s) per connection  %s%n", p.host(), p.port(),
				(this.tls != null) ? " (TLS)" : "", (p.connectRate() > 0) ? p.connectRate() + " connections/s" : "closed loop",
				p.connections(), this.lines, p.duration());
		EventLoopGroup group = BenchChannels.newGroup(Runtime.getRuntime().availableProcessors());
		try {
			this.bootstrap = new Bootstrap().group(group)
				.channel(BenchChannels.channelType())
				.option(ChannelOption.TCP_NODELAY, true)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
			long start = System.nanoTime();
			if (p.connectRate() > 0) {
				EventLoop launcher = group.next();
				long interval = (long) (1e9 / p.connectRate());
				launcher.scheduleAtFixedRate(() -> {
					if (this.open.get() < p.connections()) {
						launch();
					}
				}, 0, interval, TimeUnit.NANOSECONDS);
			}
			else {
				for (int i = 0; i < p.connections(); i++) {
					launch();
				}
			}
			Histogram all = new Histogram(3);
			long reported = 0;
			long seconds = Math.max(1, p.duration().toSeconds());
			for (long second = 1; second <= seconds; second++) {
				Thread.sleep(Math.max(0, TimeUnit.SECONDS.toNanos(second) - (System.nanoTime() - start)) / 1_000_000);
				Histogram connects = this.connect.getIntervalHistogram();
				all.add(connects);
				long done = this.completed.sum();
				out.printf(Locale.ROOT, "[%4ds] %,8d connections/s  connect p50 %8.1f us  p99 %8.1f us  failures %d%n",
						second, done - reported, connects.getValueAtPercentile(50) / 1e3,
						connects.getValueAtPercentile(99) / 1e3, this.failures.sum());
				reported = done;
			}
			// no new connections; the open ones finish their lines, so that every echo counted belongs to a connection counted
			this.running = false;
			long elapsedNanos = System.nanoTime() - start;
			long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (this.open.get() > 0 && System.nanoTime() < drainDeadline) {
				Thread.sleep(5);
			}
			this.shutDown = true;
			group.shutdownGracefully(0, 10, TimeUnit.SECONDS).sync();
			all.add(this.connect.getIntervalHistogram());
			return report(out, elapsedNanos, all);
		}
		finally {
			group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		}
	}

	private void launch() {
		Bootstrap base = this.bootstrap;
		if (!this.running || base == null) {
			return;
		}
		this.open.incrementAndGet();
		int id = this.ids.getAndIncrement();
		long started = System.nanoTime();
		base.clone().handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				if (ChurnRun.this.tls != null) {
					channel.pipeline().addLast(BenchChannels.verifyingHost(ChurnRun.this.tls.newHandler(channel.alloc(),
							ChurnRun.this.properties.host(), ChurnRun.this.properties.port())));
				}
				channel.pipeline().addLast(new ChurnConnection(ChurnRun.this, id, started, ChurnRun.this.lines,
						ChurnRun.this.properties.greeting()));
			}
		}).connect(new InetSocketAddress(this.properties.host(), this.properties.port()), this.sources.local(id)).addListener((f) -> {
			if (!f.isSuccess()) {
				failed();
				closed(false);
			}
		});
	}

	void connected(long nanos) {
		this.connect.recordValue(nanos);
	}

	void handshaken(long nanos) {
		this.handshake.recordValue(nanos);
	}

	void firstAnswer(long nanos) {
		this.firstAnswer.recordValue(nanos);
	}

	void echoed(long nanos) {
		this.latency.recordValue(nanos);
		this.echoes.increment();
	}

	void failed() {
		if (!this.shutDown) {
			this.failures.increment();
		}
	}

	/** A connection ended; without a connect rate, its slot connects again. */
	void closed(boolean complete) {
		this.open.decrementAndGet();
		if (complete) {
			this.completed.increment();
		}
		if (this.properties.connectRate() <= 0) {
			launch();
		}
	}

	private int report(PrintStream out, long elapsedNanos, Histogram connects) throws IOException {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("mode", "load");
		Map<String, Long> totals = new LinkedHashMap<>();
		totals.put("connects", this.completed.sum());
		totals.put("failures", this.failures.sum());
		totals.put("echoed", this.echoes.sum());
		report.put("totals", totals);
		report.put("connectionsPerSecond", Math.round(this.completed.sum() / (elapsedNanos / 1e9)));
		report.put("connectMicros", BenchJson.percentiles(connects));
		report.put("tlsHandshakeMicros", BenchJson.percentiles(this.handshake.getIntervalHistogram()));
		report.put("firstAnswerMicros", BenchJson.percentiles(this.firstAnswer.getIntervalHistogram()));
		report.put("latencyMicros", BenchJson.percentiles(this.latency.getIntervalHistogram()));
		out.printf(Locale.ROOT, "%,d connections in %.2f s, %,d failures, %,d lines echoed%n", this.completed.sum(),
				elapsedNanos / 1e9, this.failures.sum(), this.echoes.sum());
		report.forEach((name, value) -> out.println(name + " " + value));
		Map<?, ?> connect = (Map<?, ?>) report.get("connectMicros");
		Map<?, ?> first = (Map<?, ?>) report.get("firstAnswerMicros");
		out.printf(Locale.ROOT, "RESULT connections_per_sec=%d connect_p50_us=%s connect_p99_us=%s first_answer_p99_us=%s failures=%d%n",
				report.get("connectionsPerSecond"), connect.get("p50"), connect.get("p99"), first.get("p99"), this.failures.sum());
		this.properties.reportFile().ifPresent((file) -> BenchJson.write(report, file));
		return (this.failures.sum() == 0) ? 0 : 1;
	}

}
