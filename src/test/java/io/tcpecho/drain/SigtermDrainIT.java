package io.tcpecho.drain;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.PackagedJar;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to the packaged jar while connections are busy and idle: readiness goes 503, the
 * listener refuses, every line written before the signal is echoed, idle connections see EOF,
 * and the process exits by itself before the deadline.
 */
class SigtermDrainIT {

	static final Duration DEADLINE = Duration.ofSeconds(8);

	@RepeatedTest(3)
	void sigtermDrainsEveryLineAndExitsBeforeTheDeadline() throws Exception {
		int managementPort = PackagedJar.freePort();
		// a quiet period long enough for the checks below, made while the drain still runs
		try (PackagedJar server = PackagedJar.start("--echo.server.port=0", "--management.server.port=" + managementPort,
				"--echo.server.shutdown.timeout=" + DEADLINE, "--echo.server.shutdown.quiet-period=3s")) {
			int echoPort = server.awaitListeningPort();
			// the echo listener binds before the web server starts
			await().ignoreExceptions()
				.until(() -> Http.get(managementPort, "/actuator/health/readiness").statusCode() == 200);

			AtomicBoolean signalled = new AtomicBoolean();
			List<BusyConnection> busy = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				busy.add(new BusyConnection(echoPort, i, signalled));
			}
			List<EchoSocket> idle = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				idle.add(new EchoSocket(echoPort, Duration.ofSeconds(30)));
			}
			AtomicBoolean chatting = new AtomicBoolean(true);
			CompletableFuture<Void> chatty = chatter(echoPort, chatting);
			await().until(() -> busy.stream().allMatch((connection) -> connection.read.get() >= 50));
			// every connection accepted, not one still in the listen queue, which the closing listener resets
			await().until(() -> JsonPath.<Integer>read(Http.get(managementPort, "/actuator/connections").body(),
					"$.count") == 31);

			signalled.set(true);
			long signalledAt = System.nanoTime();
			server.process().toHandle().destroy(); // SIGTERM

			// the JVM takes a moment to act on the signal; from then on readiness must stay 503
			await().until(() -> Http.get(managementPort, "/actuator/health/readiness").statusCode() == 503);
			List<Integer> readiness = new CopyOnWriteArrayList<>();
			await().until(() -> {
				readiness.add(Http.get(managementPort, "/actuator/health/readiness").statusCode());
				return readiness.size() >= 5;
			});
			assertThat(readiness).as("readiness during the drain").containsOnly(503);
			await().until(() -> isRefused(echoPort));
			assertThat(server.process().isAlive()).as("still draining").isTrue();
			chatting.set(false);
			chatty.join();

			for (BusyConnection connection : busy) {
				assertThat(connection.finish()).as("echoes of connection %d", connection.id)
					.isEqualTo(connection.written.get());
			}
			for (EchoSocket socket : idle) {
				assertThat(socket.isClosedByPeer()).as("idle connection sees EOF").isTrue();
			}
			server.awaitExit(DEADLINE);
			assertThat(Duration.ofNanos(System.nanoTime() - signalledAt)).isLessThan(DEADLINE);
			await().untilAsserted(() -> assertThat(server.output()).containsPattern(
					"Drain finished in \\d+ ms: \\d+ connection\\(s\\) drained, \\d+ line\\(s\\) echoed during the drain, 0 forced"));
		}
	}

	private static boolean isRefused(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	/**
	 * Sends a line every 50 ms until told to stop, or until the drain closes it once the quiet
	 * period has passed: never quiet, so the drain runs at least that long.
	 */
	private static CompletableFuture<Void> chatter(int port, AtomicBoolean chatting) throws Exception {
		EchoSocket socket = new EchoSocket(port, Duration.ofSeconds(30));
		return CompletableFuture.runAsync(() -> {
			try (socket) {
				while (chatting.get()) {
					socket.write("chat\r\n").readLine();
					Thread.sleep(50);
				}
			}
			catch (EOFException drained) {
				// the server's FIN: the drain closed it between two lines
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** Writes bursts of lines until the signal, while another thread reads and checks the echoes. */
	static final class BusyConnection {

		final int id;

		final AtomicInteger written = new AtomicInteger();

		final AtomicInteger read = new AtomicInteger();

		private final CompletableFuture<Void> writer;

		private final CompletableFuture<Integer> reader;

		BusyConnection(int port, int id, AtomicBoolean signalled) {
			this.id = id;
			EchoSocket socket = new EchoSocket(port, Duration.ofSeconds(30));
			this.writer = CompletableFuture.runAsync(() -> {
				try {
					while (!signalled.get()) {
						ByteArrayOutputStream burst = new ByteArrayOutputStream();
						int first = this.written.get();
						for (int i = first; i < first + 10; i++) {
							burst.writeBytes("c%d line %d\r\n".formatted(id, i).getBytes());
						}
						socket.write(burst.toByteArray());
						this.written.addAndGet(10);
						Thread.sleep(5);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			this.reader = CompletableFuture.supplyAsync(() -> {
				try (socket) {
					while (true) {
						String expected = "c%d line %d".formatted(id, this.read.get());
						String line;
						try {
							line = socket.readLineUtf8();
						}
						catch (java.io.EOFException eof) {
							return this.read.get();
						}
						if (!line.equals(expected)) {
							throw new IllegalStateException("expected " + expected + " but got " + line);
						}
						this.read.incrementAndGet();
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
		}

		/** Waits for the server to close the connection and returns the echoes read. */
		int finish() {
			this.writer.join();
			return this.reader.join();
		}

	}

}
