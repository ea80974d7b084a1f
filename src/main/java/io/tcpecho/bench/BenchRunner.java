package io.tcpecho.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The {@code bench} mode, like {@code redis-benchmark} for Redis: loads a server with echo
 * lines, checks every byte that comes back, prints a progress line each second and a summary.
 */
public class BenchRunner {

	/** How long, once sending stops, to wait for the echoes of every line sent. */
	private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(30);

	private final BenchProperties properties;

	private final @Nullable SSLContext tls;

	BenchRunner(BenchProperties properties, @Nullable SSLContext tls) {
		this.properties = properties;
		this.tls = tls;
	}

	/**
	 * Runs the benchmark and returns the exit code: 0 when every line came back right.
	 * @param out where progress and the summary go
	 */
	public int run(PrintStream out) throws IOException, InterruptedException {
		BenchProperties p = this.properties;
		if (p.protocol() == BenchProperties.Protocol.UDP) {
			return new DatagramRun(p).run(out);
		}
		if (p.mode() == BenchProperties.Mode.CONTINUITY) {
			return new ContinuityRun(p, BenchChannels.sslContext(this.tls)).run(out);
		}
		if (p.linesPerConnection() > 0 || p.connectRate() > 0) {
			return new ChurnRun(p, BenchChannels.sslContext(this.tls)).run(out);
		}
		out.printf("bench %s:%d%s  connections %d  in flight %d  payload %d B  %s  %s%n", p.host(), p.port(),
				(this.tls != null) ? " (TLS)" : "", p.connections(), p.inFlight(), p.payloadBytes(),
				(p.count() > 0) ? p.count() + " lines" : p.duration().toString(),
				(p.rate() > 0) ? "fixed rate " + p.rate() + "/s" : "closed loop");
		Recorder recorder = new Recorder(3);
		try (IdleConnections idle = IdleConnections.open(p, out);
				BenchChannels channels = BenchChannels.connect(p, this.tls, recorder)) {
			if (p.greeting()) {
				printGreetings(channels.connections(), out);
			}
			BenchReport report = drive(channels, recorder, out);
			out.println(report.summary());
			p.reportFile().ifPresent((file) -> BenchJson.write(report.json(), file));
			return (report.errors() == 0) ? 0 : 1;
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("No greeting from " + p.host() + ":" + p.port(), ex);
		}
	}

	private BenchReport drive(BenchChannels channels, Recorder recorder, PrintStream out) throws InterruptedException {
		BenchProperties p = this.properties;
		List<BenchConnection> connections = channels.connections();
		long intervalNanos = (p.rate() > 0) ? (long) (1e9 * connections.size() / p.rate()) : 0;
		long start = System.nanoTime();
		long cpuStart = processCpuNanos();
		for (int i = 0; i < connections.size(); i++) {
			long quota = (p.count() > 0) ? p.count() / connections.size() + ((i < p.count() % connections.size()) ? 1 : 0) : 0;
			// staggered, so that a fixed rate is spread evenly rather than sent in bursts
			channels.start(i, quota, start + i * intervalNanos / connections.size(), intervalNanos);
		}
		Histogram all = new Histogram(3);
		long reported = 0;
		for (int second = 1; !isDone(connections, start); second++) {
			Thread.sleep(Math.max(0, Duration.ofSeconds(second).toNanos() - (System.nanoTime() - start)) / 1_000_000);
			Histogram interval = recorder.getIntervalHistogram();
			all.add(interval);
			long echoed = echoed(connections);
			out.println(new BenchReport(echoed - reported, (echoed - reported) * p.payloadBytes(), Duration.ofSeconds(1),
					interval, errors(connections), Duration.ZERO).progressLine(second));
			reported = echoed;
		}
		connections.forEach(BenchConnection::stopSending);
		long deadline = System.nanoTime() + FINISH_TIMEOUT.toNanos();
		while (!connections.stream().allMatch(BenchConnection::isComplete) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		all.add(recorder.getIntervalHistogram());
		for (BenchConnection connection : connections) { // echoes that never came back
			connection.errors.addAndGet(Math.max(0, connection.sent.get() - connection.echoed.get()));
		}
		long echoed = echoed(connections);
		return new BenchReport(echoed, echoed * p.payloadBytes(), elapsed, all, errors(connections),
				Duration.ofNanos(processCpuNanos() - cpuStart));
	}

	private boolean isDone(List<BenchConnection> connections, long start) {
		if (this.properties.count() > 0) {
			return connections.stream().allMatch(BenchConnection::isComplete);
		}
		return System.nanoTime() - start >= this.properties.duration().toNanos();
	}

	/** How many connections got each distinct greeting: how a load balancer spread them over instances. */
	private static void printGreetings(List<BenchConnection> connections, PrintStream out) {
		Map<String, Long> counts = connections.stream()
			.collect(Collectors.groupingBy((connection) -> String.valueOf(connection.greeting().join()), TreeMap::new,
					Collectors.counting()));
		out.printf("greetings: %d distinct over %d connections%n", counts.size(), connections.size());
		counts.forEach((greeting, count) -> out.printf("%8d  %s%n", count, greeting));
	}

	/** CPU time this process has used, so that a run can report the load tool's own cost per echo. */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static long echoed(List<BenchConnection> connections) {
		return connections.stream().mapToLong((c) -> c.echoed.get()).sum();
	}

	private static long errors(List<BenchConnection> connections) {
		return connections.stream().mapToLong((c) -> c.errors.get()).sum();
	}

}
