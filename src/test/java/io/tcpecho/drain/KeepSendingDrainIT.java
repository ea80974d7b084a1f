package io.tcpecho.drain;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.PackagedJar;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to the packaged jar while every client keeps sending through it: each connection ends
 * with the server's FIN, never a reset, every line the server read is echoed before it, and the
 * drain closes them all without reaching its deadline.
 */
class KeepSendingDrainIT {

	private static final Duration DEADLINE = Duration.ofSeconds(8);

	private static final Pattern CLOSED = Pattern
		.compile("Connection closed from \\S+ after \\d+ ms: \\d+ lines, (\\d+) bytes in, (\\d+) bytes out"
				+ "(?:, \\d+ bytes discarded)?, ([a-z-]+)");

	@Test
	void clientsThatNeverPauseGetTheServersFinAfterEveryLineItRead() throws Exception {
		int managementPort = PackagedJar.freePort();
		try (PackagedJar server = PackagedJar.start("--echo.server.port=0", "--management.server.port=" + managementPort,
				"--echo.server.shutdown.timeout=" + DEADLINE)) {
			int echoPort = server.awaitListeningPort();
			List<Sender> senders = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				senders.add(new Sender(echoPort, i));
			}
			await().until(() -> senders.stream().allMatch((sender) -> sender.read.get() >= 50));
			await().until(() -> JsonPath.<Integer>read(Http.get(managementPort, "/actuator/connections").body(),
					"$.count") == 20);

			server.process().toHandle().destroy(); // SIGTERM
			for (Sender sender : senders) {
				assertThat(sender.end.join()).as("how connection %d ended", sender.id).isEqualTo("FIN");
				assertThat(sender.read.get()).as("echoes of connection %d", sender.id).isPositive();
			}
			server.awaitExit(DEADLINE);
			await().untilAsserted(() -> assertThat(server.output()).containsPattern(
					"Drain finished in \\d+ ms: 20 connection\\(s\\) drained, \\d+ line\\(s\\) echoed during the drain, 0 forced"));
			Matcher closed = CLOSED.matcher(server.output());
			int closes = 0;
			while (closed.find()) {
				closes++;
				assertThat(closed.group(2)).as("bytes out against bytes in: " + closed.group()).isEqualTo(closed.group(1));
				assertThat(closed.group(3)).isEqualTo("shutdown");
			}
			assertThat(closes).isEqualTo(20);
		}
	}

	/** Writes bursts of lines until the connection ends, while another thread checks the echoes in order. */
	static final class Sender {

		final int id;

		final AtomicInteger read = new AtomicInteger();

		/** "FIN" when the echoes ended with the server's FIN, else the exception that ended them. */
		final CompletableFuture<String> end;

		Sender(int port, int id) {
			this.id = id;
			EchoSocket socket = new EchoSocket(port, Duration.ofSeconds(30));
			AtomicBoolean ended = new AtomicBoolean();
			CompletableFuture.runAsync(() -> {
				int written = 0;
				try {
					while (!ended.get()) {
						ByteArrayOutputStream burst = new ByteArrayOutputStream();
						for (int i = written; i < written + 10; i++) {
							burst.writeBytes("c%d line %d\r\n".formatted(id, i).getBytes());
						}
						socket.write(burst.toByteArray());
						written += 10;
						Thread.sleep(2);
					}
				}
				catch (IOException | InterruptedException ex) {
					// the reader tells how the connection ended
				}
			});
			this.end = CompletableFuture.supplyAsync(() -> {
				try (socket) {
					while (true) {
						String expected = "c%d line %d".formatted(id, this.read.get());
						String line = socket.readLineUtf8();
						if (!line.equals(expected)) {
							return "expected " + expected + " but got " + line;
						}
						this.read.incrementAndGet();
					}
				}
				catch (EOFException eof) {
					return "FIN";
				}
				catch (IOException ex) {
					return ex.toString();
				}
				finally {
					ended.set(true);
				}
			});
		}

	}

}
