package io.tcpecho.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.tcpecho.EchoSocket;
import io.tcpecho.PackagedJar;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process killed with SIGKILL under an open client session, then restarted at once.
 */
class ServerKillIT {

	@Test
	void clientReportsTheKilledServerAndARestartBindsTheSamePort() throws Exception {
		int port;
		Process client;
		try (PackagedJar server = PackagedJar.start("--echo.server.port=0", "--management.server.port=0")) {
			port = server.awaitListeningPort();
			client = PackagedJar.command("client", "127.0.0.1", String.valueOf(port)).start();
			OutputStream keyboard = client.getOutputStream();
			BufferedReader screen = new BufferedReader(
					new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
			keyboard.write("before the kill\n".getBytes());
			keyboard.flush();
			assertThat(screen.readLine()).isEqualTo("before the kill");

			server.process().destroyForcibly(); // SIGKILL
			assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

			keyboard.write("after the kill\n".getBytes());
			keyboard.close();
			assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String stderr = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(client.exitValue()).as(stderr).isIn(3, 4);
			assertThat(stderr).containsAnyOf("server terminated prematurely", "connection reset by peer");
		}

		try (PackagedJar restarted = PackagedJar.start("--echo.server.port=" + port, "--management.server.port=0")) {
			assertThat(restarted.awaitListeningPort()).isEqualTo(port);
			try (EchoSocket socket = new EchoSocket(port, Duration.ofSeconds(10))) {
				assertThat(socket.write("after the restart\r\n").readLineUtf8()).isEqualTo("after the restart");
			}
		}
	}

}
