package io.tcpecho;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The executable jar: the server by default, the client with {@code client HOST PORT}.
 */
class PackagedJarIT {

	@Test
	void serverLogsItsPortAndTheClientSubcommandEchoesThroughIt() throws Exception {
		try (PackagedJar server = PackagedJar.start("--echo.server.port=0", "--management.server.port=0")) {
			int port = server.awaitListeningPort();
			try (EchoSocket socket = new EchoSocket(port)) {
				assertThat(socket.write("from a socket\r\n").readLineUtf8()).isEqualTo("from a socket");
			}

			Process client = PackagedJar.command("client", "127.0.0.1", String.valueOf(port)).start();
			try (OutputStream stdin = client.getOutputStream()) {
				stdin.write("hello\nwörld\n".getBytes(StandardCharsets.UTF_8));
			}
			String echoed = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(client.waitFor()).isZero();
			assertThat(echoed).isEqualTo("hello\nwörld\n");
		}
	}

	@Test
	void helpAndVersionAtTheTopLevelPrintAndExitWithoutStartingTheServer() throws Exception {
		Process help = PackagedJar.command("--help").redirectErrorStream(true).start();
		String usage = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(help.waitFor()).isZero();
		assertThat(usage).contains("client --help").contains("bench --help").contains("--echo.server.port=")
			.doesNotContain("Echo server listening");
		Process version = PackagedJar.command("--version").redirectErrorStream(true).start();
		String printed = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(version.waitFor()).isZero();
		Process clientVersion = PackagedJar.command("client", "--version").redirectErrorStream(true).start();
		assertThat(printed).startsWith("tcp-echo ")
			.isEqualTo(new String(clientVersion.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	@Test
	void clientSubcommandExitsNonZeroWithOneLineWhenRefused() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}
		Process client = PackagedJar.command("client", "127.0.0.1", String.valueOf(port)).start();
		try (OutputStream stdin = client.getOutputStream()) {
			stdin.write("hello\n".getBytes());
		}
		String stderr = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(client.waitFor()).isEqualTo(2);
		assertThat(stderr).isEqualTo("tcp-echo: connection refused by 127.0.0.1:%d (is the server running?)%n"
			.formatted(port));
		assertThat(client.getInputStream().readAllBytes()).isEmpty();
	}

	@Test
	void serverExitsNonZeroAndExplainsWhenThePortIsTaken() throws Exception {
		try (ServerSocket taken = new ServerSocket(0);
				PackagedJar server = PackagedJar.start("--echo.server.port=" + taken.getLocalPort())) {
			assertThat(server.awaitExit(Duration.ofSeconds(60))).isNotZero();
			await().untilAsserted(() -> assertThat(server.output())
				.contains("The echo server's listener 'default' could not listen on 0.0.0.0:" + taken.getLocalPort())
				.contains("--echo.server.port=PORT"));
		}
	}

	/**
	 * On JDK 25, which the container runs, the jar starts without the JVM's native-access warnings
	 * on standard error (they are not JSON under structured logging), and names its framing as the
	 * property spells it.
	 */
	@Test
	void startsOnJdk25WithNothingOnStandardErrorAndSpellsTheFramingAsConfigured() throws Exception {
		Path java = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
		assumeTrue(Files.isExecutable(java), "Temurin 25 is not installed here");
		Path stdout = Files.createTempFile("tcp-echo", ".out");
		Path stderr = Files.createTempFile("tcp-echo", ".err");
		Process server = new ProcessBuilder(java.toString(), "-jar", PackagedJar.jar().getAbsolutePath(),
				"--echo.server.port=0", "--management.server.port=0", "--echo.server.framing=length-header")
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.start();
		try {
			await().atMost(Duration.ofSeconds(60))
				.until(() -> Files.readString(stdout).contains("Echo server listening on"));
			assertThat(Files.readString(stdout)).contains("framing length-header,");
			assertThat(Files.readString(stderr)).doesNotContain("WARNING");
		}
		finally {
			server.destroy();
			server.waitFor();
		}
		assertThat(Files.readString(stderr)).isEmpty();
	}

}
