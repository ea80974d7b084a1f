package io.tcpecho.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * Each fault on a listener of its own, seen on a raw socket: FIN, RST or silence, and how many
 * echoes come first.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "management.endpoint.faults.access=unrestricted",
		"echo.listeners.close.port=0", "echo.listeners.close.faults[0].type=close",
		"echo.listeners.close.faults[0].after-lines=3",
		"echo.listeners.reset.port=0", "echo.listeners.reset.faults[0].type=reset",
		"echo.listeners.reset.faults[0].after-lines=3",
		"echo.listeners.bytes.port=0", "echo.listeners.bytes.faults[0].type=close",
		"echo.listeners.bytes.faults[0].after-bytes=10",
		"echo.listeners.blackhole.port=0", "echo.listeners.blackhole.faults[0].type=blackhole",
		"echo.listeners.blackhole.faults[0].after-lines=2",
		"echo.listeners.stop.port=0", "echo.listeners.stop.faults[0].type=stop-reading",
		"echo.listeners.stop.faults[0].after-lines=1",
		"echo.listeners.half.port=0", "echo.listeners.half.faults[0].type=half-close",
		"echo.listeners.half.faults[0].after-lines=2",
		"echo.listeners.accept.port=0", "echo.listeners.accept.faults[0].type=reset-on-accept",
		"echo.listeners.latency.port=0", "echo.listeners.latency.faults[0].type=latency",
		"echo.listeners.latency.faults[0].latency=300ms", "echo.listeners.latency.faults[0].jitter=50ms",
		"echo.listeners.slicer.port=0", "echo.listeners.slicer.faults[0].type=slicer",
		"echo.listeners.slicer.faults[0].size=2", "echo.listeners.slicer.faults[0].delay=100ms",
		"echo.listeners.bandwidth.port=0", "echo.listeners.bandwidth.faults[0].type=bandwidth",
		"echo.listeners.bandwidth.faults[0].rate=1KB",
		"echo.listeners.coin.port=0", "echo.listeners.coin.faults[0].type=reset",
		"echo.listeners.coin.faults[0].after-lines=0", "echo.listeners.coin.faults[0].probability=0.5",
		"echo.listeners.coin.faults[0].seed=42",
		"echo.listeners.runtime.port=0" })
@ExtendWith(OutputCaptureExtension.class)
class FaultInjectionTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void closeEchoesItsLinesThenSendsAFinAndALaterWriteDrawsAReset() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("close"))) {
			socket.write("1\r\n2\r\n3\r\n4\r\n5\r\n");
			assertThat(new String(socket.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("1\r\n2\r\n3\r\n");
			// the server's socket is gone: the kernel answers new data with an RST, which a later write meets
			await().pollInterval(Duration.ofMillis(20)).until(() -> writeFails(socket));
		}
		await().until(() -> Closes.count(this.meters, "close", "fault-close") == 1);
	}

	@Test
	void resetEchoesItsLinesThenAnswersTheNextWriteWithAnRst() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("reset"))) {
			socket.write("1\r\n2\r\n3\r\n");
			assertThat(socket.readLineUtf8()).isEqualTo("1");
			assertThat(socket.readLineUtf8()).isEqualTo("2");
			assertThat(socket.readLineUtf8()).isEqualTo("3");
			socket.write("4\r\n");
			assertThatExceptionOfType(SocketException.class).isThrownBy(socket::readToEnd)
				.withMessageContaining("reset");
		}
		await().until(() -> Closes.count(this.meters, "reset", "fault-reset") == 1);
	}

	@Test
	void closeAfterBytesCutsTheEchoMidLine() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("bytes"))) {
			socket.write("hello\r\nworld\r\n");
			assertThat(new String(socket.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("hello\r\nwor");
		}
	}

	@Test
	void blackholeEchoesItsLinesThenStaysSilentWhileItReadsAndDrops() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("blackhole"), Duration.ofMillis(700))) {
			socket.write("1\r\n2\r\n3\r\n");
			assertThat(socket.readLineUtf8()).isEqualTo("1");
			assertThat(socket.readLineUtf8()).isEqualTo("2");
			// input is still read: far more than any socket buffer goes in without blocking for good
			byte[] megabyte = "x".repeat(1023).concat("\n").repeat(1024).getBytes(StandardCharsets.US_ASCII);
			for (int i = 0; i < 16; i++) {
				socket.write(megabyte);
			}
			// no echo, no FIN, no RST: the read times out
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(socket::readLine);
			String body = Http.get(this.managementPort, "/actuator/connections").body();
			assertThat(JsonPath.<List<List<String>>>read(body, "$.connections[?(@.listener == 'blackhole')].faults"))
				.containsExactly(List.of("blackhole"));
		}
	}

	@Test
	void stopReadingEchoesItsLinesThenLetsTheWindowFill() throws Exception {
		try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port("stop")))) {
			channel.write(ByteBuffer.wrap("first\r\n".getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer echo = ByteBuffer.allocate(7);
			while (echo.hasRemaining()) {
				channel.read(echo);
			}
			assertThat(new String(echo.array(), StandardCharsets.US_ASCII)).isEqualTo("first\r\n");
			channel.configureBlocking(false);
			ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
			long written = 0;
			// the server reads no more: the socket buffers fill and writes stop going in
			while (written < 256L * 1024 * 1024) {
				chunk.clear();
				int n = channel.write(chunk);
				if (n == 0) {
					break;
				}
				written += n;
			}
			// the kernel may still take a little as acknowledgements come in; then nothing at all for half a second
			AtomicLong taken = new AtomicLong(written);
			await().pollInterval(Duration.ofMillis(50)).during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
				.until(() -> {
					chunk.clear();
					int n = channel.write(chunk);
					taken.addAndGet(n);
					return n == 0;
				});
			assertThat(taken.get()).isLessThan(256L * 1024 * 1024);
		}
	}

	@Test
	void halfCloseEchoesItsLinesThenFinsAndKeepsReading() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("half"))) {
			socket.write("1\r\n2\r\n3\r\n");
			assertThat(new String(socket.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("1\r\n2\r\n");
			// the server still reads after its FIN: far more than the socket buffers hold goes in, and no reset comes
			byte[] chunk = new byte[64 * 1024];
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
				for (int i = 0; i < 512; i++) {
					socket.write(chunk);
				}
			}, "the server stopped reading");
			assertThat(writeFails(socket)).isFalse();
		}
		await().until(() -> Closes.count(this.meters, "half", "fault-half-close") == 1);
	}

	@Test
	void resetOnAcceptResetsAtOnce(CapturedOutput output) throws Exception {
		// the reset can come as early as the socket's own set-up
		assertThatException().isThrownBy(() -> {
			try (EchoSocket socket = new EchoSocket(port("accept"))) {
				socket.write("hello\r\n");
				socket.readToEnd();
			}
		}).satisfies((failure) -> assertThat((failure instanceof UncheckedIOException) ? failure.getCause() : failure)
			.isInstanceOf(SocketException.class));
		await().until(() -> Closes.count(this.meters, "accept", "fault-reset-on-accept") == 1);
		assertThat(this.meters.get("echo.faults").tag("listener", "accept").tag("type", "reset-on-accept").counter().count())
			.isEqualTo(1);
		await().until(() -> output.getOut().contains("fault-reset-on-accept"));
	}

	@Test
	void latencyDelaysEachEchoAndKeepsTheOrder() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("latency"))) {
			long start = System.nanoTime();
			socket.write("a\r\n");
			assertThat(socket.readLineUtf8()).isEqualTo("a");
			// a lower bound: a delayed write never leaves early
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
			for (int i = 0; i < 20; i++) {
				socket.write("line %d\r\n".formatted(i));
			}
			for (int i = 0; i < 20; i++) {
				assertThat(socket.readLineUtf8()).isEqualTo("line " + i);
			}
		}
	}

	@Test
	void slicerWritesEachEchoInSmallPieces() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("slicer"))) {
			socket.write("sliced\r\n");
			InputStream in = socket.socket().getInputStream();
			StringBuilder echo = new StringBuilder();
			int reads = 0;
			byte[] buffer = new byte[64];
			while (echo.length() < 8) {
				int n = in.read(buffer);
				echo.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
				reads++;
			}
			assertThat(echo.toString()).isEqualTo("sliced\r\n");
			assertThat(reads).isGreaterThan(1);
		}
	}

	@Test
	void bandwidthPacesTheEchoes() throws Exception {
		try (EchoSocket socket = new EchoSocket(port("bandwidth"))) {
			String line = "b".repeat(2048);
			long start = System.nanoTime();
			socket.write(line + "\r\n");
			assertThat(socket.readLineUtf8()).isEqualTo(line);
			// 2 KB at 1 KB/s: a lower bound, as the shaper never sends early
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
	}

	@Test
	void aSeedMakesTheDrawRepeatable() throws Exception {
		Random expected = new Random(42);
		List<Boolean> hits = new ArrayList<>();
		List<Boolean> predicted = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			predicted.add(expected.nextDouble() < 0.5);
			boolean reset;
			try (EchoSocket socket = new EchoSocket(port("coin"))) {
				socket.write("hi\r\n");
				reset = !"hi".equals(socket.readLineUtf8());
			}
			catch (IOException | UncheckedIOException ex) {
				// the reset can come before the socket is even set up
				reset = true;
			}
			hits.add(reset);
		}
		assertThat(hits).isEqualTo(predicted).contains(true, false);
	}

	@Test
	void anOperatorAddsAndClearsFaultsAtRuntime() throws Exception {
		try (EchoSocket honest = new EchoSocket(port("runtime"))) {
			assertThat(honest.write("before\r\n").readLineUtf8()).isEqualTo("before");
		}
		Http.Response added = Http.post(this.managementPort, "/actuator/faults/runtime",
				"{\"type\":\"close\",\"afterLines\":1}");
		assertThat(added.statusCode()).isEqualTo(200);
		try (EchoSocket faulty = new EchoSocket(port("runtime"))) {
			faulty.write("one\r\ntwo\r\n");
			assertThat(new String(faulty.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("one\r\n");
		}
		String listed = Http.get(this.managementPort, "/actuator/faults").body();
		assertThat(JsonPath.<List<Integer>>read(listed, "$.runtime[*].hits")).containsExactly(1);
		assertThat(JsonPath.<List<String>>read(listed, "$.runtime[*].type")).containsExactly("close");
		assertThat(JsonPath.<List<String>>read(listed, "$.reset[*].type")).containsExactly("reset");
		assertThat(Http.delete(this.managementPort, "/actuator/faults/runtime").statusCode()).isEqualTo(200);
		try (EchoSocket honest = new EchoSocket(port("runtime"))) {
			assertThat(honest.write("one\r\ntwo\r\n").readLineUtf8()).isEqualTo("one");
			assertThat(honest.readLineUtf8()).isEqualTo("two");
		}
		assertThat(Http.post(this.managementPort, "/actuator/faults/runtime", "{\"type\":\"latency\"}").statusCode())
			.isEqualTo(400);
		assertThat(Http.post(this.managementPort, "/actuator/faults/nonexistent", "{\"type\":\"reset\",\"afterLines\":1}")
			.statusCode()).isEqualTo(404);
	}

	/** Whether a write fails, as one does once the peer's reset has come. */
	private static boolean writeFails(EchoSocket socket) {
		try {
			socket.write("more\r\n");
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private int port(String listener) {
		return this.context.getBean("echoConnectionFactory-" + listener, NettyServerConnectionFactory.class).getPort();
	}

}
