package io.tcpecho.server;

import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.transport.NettyServerConnectionFactory;
import io.tcpecho.Http;
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
 * {@code echo.server.max-connections} and {@code echo.server.idle-timeout}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "echo.server.max-connections=20", "echo.server.idle-timeout=1s" })
@ExtendWith(OutputCaptureExtension.class)
class ConnectionLimitTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void closesConnectionsBeyondTheLimitAndKeepsServingTheAdmittedOnes(CapturedOutput output) throws Exception {
		double rejectedBefore = Closes.count(this.meters, "rejected-at-limit");
		List<EchoSocket> admitted = new ArrayList<>();
		List<EchoSocket> flood = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				EchoSocket socket = new EchoSocket(this.factory.getPort());
				assertThat(socket.write("admitted %d\r\n".formatted(i)).readLineUtf8()).isEqualTo("admitted " + i);
				admitted.add(socket);
			}
			for (int i = 0; i < 100; i++) {
				flood.add(new EchoSocket(this.factory.getPort()));
			}
			for (EchoSocket rejected : flood) {
				assertThat(rejected.isClosedByPeer()).isTrue();
			}
			await().until(() -> Closes.count(this.meters, "rejected-at-limit") == rejectedBefore + 100);

			for (int i = 0; i < admitted.size(); i++) {
				assertThat(admitted.get(i).write("again %d\r\n".formatted(i)).readLineUtf8()).isEqualTo("again " + i);
			}
			String health = Http.get(this.managementPort, "/actuator/health/readiness").body();
			assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
			assertThat(output.getOut().lines().filter((line) -> line.contains("over echo.server.max-connections=20")))
				.hasSizeBetween(1, 2);
		}
		finally {
			for (EchoSocket socket : admitted) {
				socket.close();
			}
			for (EchoSocket socket : flood) {
				socket.close();
			}
		}
	}

	@Test
	void closesAndCountsAConnectionIdleForTheTimeout() throws Exception {
		double idleBefore = Closes.count(this.meters, "idle-timeout");
		try (EchoSocket idle = new EchoSocket(this.factory.getPort())) {
			idle.write("then nothing\r\n").readLine();
			assertThat(idle.isClosedByPeer()).isTrue();
			await().until(() -> Closes.count(this.meters, "idle-timeout") == idleBefore + 1);
		}
		try (EchoSocket fresh = new EchoSocket(this.factory.getPort())) {
			assertThat(fresh.write("fresh\r\n").readLineUtf8()).isEqualTo("fresh");
		}
	}

	@Test
	void keepsAConnectionThatSendsALineWithinEachTimeout() throws Exception {
		double idleBefore = Closes.count(this.meters, "idle-timeout");
		try (EchoSocket busy = new EchoSocket(this.factory.getPort())) {
			// open for 2.4 s in all, longer than the 1 s timeout, but never quiet for 400 ms
			for (int i = 0; i < 6; i++) {
				assertThat(busy.write("tick %d\r\n".formatted(i)).readLineUtf8()).isEqualTo("tick " + i);
				Thread.sleep(400);
			}
			assertThat(busy.write("still here\r\n").readLineUtf8()).isEqualTo("still here");
		}
		assertThat(Closes.count(this.meters, "idle-timeout")).isEqualTo(idleBefore);
	}

}
