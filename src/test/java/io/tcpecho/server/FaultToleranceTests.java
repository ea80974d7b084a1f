package io.tcpecho.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.NettyRuntime;
import io.tcpecho.EchoSocket;
import io.tcpecho.Stall;
import io.tcpecho.transport.NettyServerConnectionFactory;
import io.tcpecho.Http;
import io.tcpecho.connections.ConnectionRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resets, half lines and a thousand clients at once leave the server serving and leak nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0" })
@ExtendWith(OutputCaptureExtension.class)
class FaultToleranceTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void survivesAHundredConnectionsResetRightAfterConnect(CapturedOutput output) throws Exception {
		for (int i = 0; i < 100; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.factory.getPort())) {
				socket.setSoLinger(true, 0);
			}
		}
		assertServesAndLeaksNothing();
		assertThat(output.getOut().lines().filter((line) -> line.contains(" ERROR "))).isEmpty();
	}

	@Test
	void survivesAClientResetInTheMiddleOfALine(CapturedOutput output) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.factory.getPort())) {
			socket.getOutputStream().write("a line cut sh".getBytes());
			socket.getOutputStream().flush();
			await().until(() -> this.registry.connections().stream().anyMatch((c) -> c.peerPort() == socket.getLocalPort()));
			socket.setSoLinger(true, 0);
		}
		assertServesAndLeaksNothing();
		assertThat(output.getOut().lines().filter((line) -> line.contains(" ERROR "))).isEmpty();
	}

	@Test
	void servesAThousandConcurrentConnectionsOfAHundredLinesEach() throws Exception {
		int clients = 1000;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		CountDownLatch allConnected = new CountDownLatch(clients);
		try {
			List<Callable<Integer>> work = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				int client = c;
				work.add(() -> {
					// a generous read timeout: 2,000 threads share two cores here
					try (EchoSocket socket = new EchoSocket(this.factory.getPort(), Duration.ofSeconds(120))) {
						allConnected.countDown();
						allConnected.await();
						ByteArrayOutputStream lines = new ByteArrayOutputStream();
						for (int i = 0; i < 100; i++) {
							lines.writeBytes("c%d l%d\r\n".formatted(client, i).getBytes());
						}
						socket.write(lines.toByteArray());
						int correct = 0;
						for (int i = 0; i < 100; i++) {
							correct += socket.readLineUtf8().equals("c%d l%d".formatted(client, i)) ? 1 : 0;
						}
						return correct;
					}
				});
			}
			int echoed = 0;
			for (Future<Integer> result : pool.invokeAll(work)) {
				echoed += result.get();
			}
			assertThat(echoed).isEqualTo(clients * 100);
		}
		finally {
			pool.shutdownNow();
		}
		assertServesAndLeaksNothing();
	}

	/**
	 * A client that pipelines without reading its echoes is stopped from sending once its
	 * unread echoes fill the socket buffers and 64 KiB more on the server: the event loop it
	 * shares goes on serving others, the server holds no more for it, and once the client reads,
	 * every echo arrives, in order.
	 */
	@Test
	void stopsReadingAClientThatDoesNotReadItsEchoesAndLosesNothing() throws Exception {
		int lines = 2_000_000; // 128 MB: more than the socket buffers here hold (up to 32 MB each way)
		byte[] line = "a pipelined line that nobody reads for now, 64 bytes with CRLF\r\n".getBytes();
		AtomicLong written = new AtomicLong();
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try (Socket greedy = new Socket()) {
			greedy.setReceiveBufferSize(64 * 1024); // before connecting: no autotuning to absorb echoes
			greedy.connect(new InetSocketAddress("127.0.0.1", this.factory.getPort()));
			Future<?> sending = writer.submit(() -> {
				OutputStream out = greedy.getOutputStream();
				for (int i = 0; i < lines; i++) {
					out.write(line);
					written.addAndGet(line.length);
				}
				return null;
			});
			// stalled: nothing more leaves the client for a second
			Stall.await(written, sending, Duration.ofSeconds(1));
			assertThat(sending).as("the client was never stopped from sending").isNotDone();

			try (EchoSocket other = new EchoSocket(this.factory.getPort())) {
				for (int i = 0; i < 100; i++) {
					assertThat(other.write("meanwhile %d\r\n".formatted(i)).readLineUtf8()).isEqualTo("meanwhile " + i);
				}
			}

			InputStream in = new BufferedInputStream(greedy.getInputStream(), 64 * 1024);
			for (int i = 0; i < lines; i++) {
				assertThat(in.readNBytes(line.length)).as("echo %d", i).isEqualTo(line);
			}
			sending.get();
		}
		finally {
			writer.shutdownNow();
		}
	}

	private void assertServesAndLeaksNothing() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.write("still serving\r\n").readLineUtf8()).isEqualTo("still serving");
		}
		await().until(() -> this.registry.connections().isEmpty());
		assertThat(this.meters.get("echo.connections.active").gauge().value()).isZero();
		String health = Http.get(this.managementPort, "/actuator/health").body();
		assertThat((String) JsonPath.read(health, "$.components.tcpServer.status")).isEqualTo("UP");
		assertThat((Integer) JsonPath.read(health, "$.components.tcpServer.details.zombies")).isZero();
		// Spring Integration's list of connections is reaped, and no thread was started per connection:
		// the only ones are the event loops, at most two per core
		await().until(() -> this.factory.getOpenConnectionIds().isEmpty());
		assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter((n) -> n.startsWith("echo-")))
			.as("server threads")
			.allMatch((name) -> name.startsWith("echo-io-"))
			.hasSizeLessThanOrEqualTo(2 * NettyRuntime.availableProcessors());
	}

}
