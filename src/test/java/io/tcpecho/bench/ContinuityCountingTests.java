package io.tcpecho.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.TcpEchoApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The continuity mode's counts against a scripted server on a real socket: its first connection
 * echoes five lines, reads three more without answering, and then ends with a FIN or with a
 * reset; every later connection echoes everything.
 */
class ContinuityCountingTests {

	@TempDir
	Path files;

	@Test
	void linesLeftUnansweredByTheServersFinAreRetriedAndNoneIsLost() throws Exception {
		Path report = this.files.resolve("report.json");
		Path plot = this.files.resolve("plot.png");
		Run run = runAgainst(false, "--report=" + report, "--plot=" + plot);

		assertThat(run.exit).as(run.out).isZero();
		String json = Files.readString(report);
		Map<String, Object> totals = JsonPath.read(json, "$.totals");
		assertThat(totals).containsEntry("retried", 3).containsEntry("lost", 0).containsEntry("wrong", 0)
			.containsEntry("resets", 0)
			.containsKeys("sent", "echoed", "late", "connects", "connectFailures", "serverFins", "timeouts");
		assertThat(totals.get("echoed")).isEqualTo(totals.get("sent"));
		assertThat((Integer) totals.get("serverFins")).as("the FIN mid-run and the one after the last line").isEqualTo(2);
		assertThat(JsonPath.<Map<String, Object>>read(json, "$.backends['scripted server']"))
			.containsOnlyKeys("connections", "lines", "retried", "lost", "resets")
			.containsEntry("connections", 2)
			.containsEntry("retried", 3);
		assertThat(JsonPath.<Map<String, Object>>read(json, "$.timeline[0]")).containsKeys("second", "connections",
				"sent", "echoed", "retried", "lost", "resets");
		assertThat(ImageIO.read(plot.toFile())).as("the plot is a picture").isNotNull();
		assertThat(run.out).contains("RESULT lost=0 wrong=0 retried=3 resets=0 PASSED");
	}

	@Test
	void linesLeftUnansweredByAResetAreLostEvenThoughTheyAreSentAgain() throws Exception {
		Run run = runAgainst(true);

		assertThat(run.exit).as(run.out).isEqualTo(1);
		assertThat(run.out).contains("RESULT lost=3 wrong=0 retried=0 resets=1 FAILED")
			.containsPattern("totals: sent=(\\d+) echoed=\\1 ");
	}

	@Test
	void lostLinesWithinMaxLostStillExitZero() throws Exception {
		Run run = runAgainst(true, "--max-lost=3");

		assertThat(run.exit).as(run.out).isZero();
	}

	private record Run(int exit, String out) {

	}

	private static Run runAgainst(boolean reset, String... options) throws Exception {
		try (ServerSocket listener = new ServerSocket(0)) {
			CompletableFuture.runAsync(() -> serve(listener, reset));
			String[] args = new String[] { "127.0.0.1", String.valueOf(listener.getLocalPort()), "--mode=continuity",
					"--greeting", "--connections=1", "--rate=20", "--duration=3s", "--reconnect-delay=50ms" };
			String[] all = new String[args.length + options.length];
			System.arraycopy(args, 0, all, 0, args.length);
			System.arraycopy(options, 0, all, args.length, options.length);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int exit = TcpEchoApplication.runBench(all, new PrintStream(out, true), System.err);
			return new Run(exit, out.toString(StandardCharsets.UTF_8));
		}
	}

	/** The first connection leaves three lines unanswered and ends; every later one echoes to its end. */
	private static void serve(ServerSocket listener, boolean reset) {
		try {
			for (int connection = 0;; connection++) {
				Socket socket = listener.accept();
				CompletableFuture.runAsync(new Served(socket, connection == 0, reset));
			}
		}
		catch (IOException closed) {
			// the test is over
		}
	}

	private record Served(Socket socket, boolean first, boolean reset) implements Runnable {

		@Override
		public void run() {
			try (Socket s = this.socket) {
				BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
				OutputStream out = s.getOutputStream();
				out.write("scripted server\r\n".getBytes(StandardCharsets.US_ASCII));
				String line;
				for (int read = 1; (line = in.readLine()) != null; read++) {
					if (!this.first || read <= 5) {
						out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
					}
					else if (read == 8) {
						end(s, in);
						return;
					}
				}
			}
			catch (IOException ex) {
				// the client went away
			}
		}

		private void end(Socket s, BufferedReader in) throws IOException {
			if (this.reset) {
				s.setSoLinger(true, 0);
				return;
			}
			s.shutdownOutput();
			while (in.readLine() != null) {
				// a lingering close: what still arrives is dropped until the client's FIN
			}
		}

	}

}
