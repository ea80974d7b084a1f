package io.tcpecho;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The packaged jar run as its own process, as an operator runs it.
 */
public final class PackagedJar implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("Echo server listening on [^ ]+:(\\d+)");

	private final Process process;

	private final List<String> output = new CopyOnWriteArrayList<>();

	private PackagedJar(Process process) {
		this.process = process;
		CompletableFuture.runAsync(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				reader.lines().forEach(this.output::add);
			}
			catch (IOException ex) {
				// the process ended
			}
		});
	}

	/** Starts {@code java -jar tcp-echo.jar ARGS} with standard error merged into standard output. */
	public static PackagedJar start(String... args) throws IOException {
		return new PackagedJar(command(args).redirectErrorStream(true).start());
	}

	/** A process builder for {@code java -jar tcp-echo.jar ARGS}, on the JVM that runs the tests. */
	public static ProcessBuilder command(String... args) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.add("-jar");
		command.add(jar().getAbsolutePath());
		command.addAll(List.of(args));
		return new ProcessBuilder(command);
	}

	static File jar() {
		File jar = new File(System.getProperty("tcpecho.jar", "target/tcp-echo.jar"));
		if (!jar.isFile()) {
			throw new IllegalStateException("Package first: no " + jar);
		}
		return jar;
	}

	/**
	 * Waits for the startup line and returns the echo port it names. Start with port 0 and ask
	 * here: a port found free beforehand can be taken, as a client's source port, say, before the
	 * server binds it (seen once in CI).
	 */
	public int awaitListeningPort() {
		return await().atMost(Duration.ofSeconds(60)).until(this::listeningPort, (port) -> port > 0);
	}

	private int listeningPort() {
		for (String line : this.output) {
			Matcher matcher = LISTENING.matcher(line);
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
		}
		return 0;
	}

	/**
	 * A port that was free a moment ago, for a process that must be told its port up front
	 * (the Actuator port, which must equal {@code server.port} to stay on one web server).
	 * Chosen below Linux's ephemeral range (32768 and up by default), so that no connection can
	 * take it as its source port before the process binds it.
	 */
	public static int freePort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_768);
			try (java.net.ServerSocket probe = new java.net.ServerSocket(candidate)) {
				return probe.getLocalPort();
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("No free port found between 20000 and 32767");
	}

	public Process process() {
		return this.process;
	}

	public String output() {
		return String.join("\n", this.output);
	}

	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Still running after " + timeout + ":\n" + output());
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
	}

}
