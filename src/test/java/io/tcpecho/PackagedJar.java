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

	/** Waits for the startup line and returns the port it names. */
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

	/** A port that was free a moment ago, for a process that must be told its port up front. */
	public static int freePort() throws IOException {
		try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
			return probe.getLocalPort();
		}
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
