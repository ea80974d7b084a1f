package io.tcpecho.connections;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Actuator shows over HTTP by default, and what it keeps hidden.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0" })
class ActuatorExposureTests {

	@Value("${local.management.port}")
	int managementPort;

	@Autowired
	NettyServerConnectionFactory factory;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/actuator/connections",
			"/actuator/faults" })
	void exposesTheOperatorEndpoints(String path) throws Exception {
		assertThat(Http.get(this.managementPort, path).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
			"/actuator/threaddump", "/actuator/shutdown", "/actuator/loggers", "/actuator/mappings" })
	void hidesEverythingElse(String path) throws Exception {
		assertThat(Http.get(this.managementPort, path).statusCode()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/nonexistent/x", "/actuator/health/a/b/c",
			"/actuator/health/readiness/x/y", "/actuator/health/readiness/tcpServer/x" })
	void answersNotFoundForAHealthPathNestedUnderNothingAndLogsNoError(String path, CapturedOutput output)
			throws Exception {
		assertThat(Http.get(this.managementPort, path).statusCode()).isEqualTo(404);
		assertThat(output.getOut()).doesNotContain(" ERROR ");
	}

	@Test
	void stillAnswersANestedHealthPathThatExists() throws Exception {
		assertThat(Http.get(this.managementPort, "/actuator/health/readiness/tcpServer").statusCode()).isEqualTo(200);
	}

	@Test
	void shutdownCannotBePostedEither() throws Exception {
		assertThat(Http.post(this.managementPort, "/actuator/shutdown").statusCode()).isEqualTo(404);
	}

	@Test
	void infoShowsTheBuild() throws Exception {
		assertThat(Http.get(this.managementPort, "/actuator/info").body()).contains("\"build\"")
			.contains("\"artifact\":\"tcp-echo\"");
	}

	@Test
	void tcpServerHealthIsInReadinessButNotLiveness() throws Exception {
		assertThat(Http.get(this.managementPort, "/actuator/health/readiness").body()).contains("\"tcpServer\"");
		assertThat(Http.get(this.managementPort, "/actuator/health/liveness").body()).doesNotContain("tcpServer");
	}

	@Test
	void faultsCannotBeAddedOrClearedUnlessTheOperatorOptsIn() throws Exception {
		assertThat(Http.post(this.managementPort, "/actuator/faults/default", "{\"type\":\"reset-on-accept\"}")
			.statusCode()).isIn(404, 405);
		assertThat(Http.delete(this.managementPort, "/actuator/faults/default").statusCode()).isIn(404, 405);
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.write("honest\r\n").readLineUtf8()).isEqualTo("honest");
		}
	}

	@Test
	void closingAConnectionIsNotAllowedUnlessTheOperatorOptsIn() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("listed\r\n").readLine();
			List<String> ids = JsonPath.read(Http.get(this.managementPort, "/actuator/connections").body(),
					"$.connections[?(@.peerPort == " + socket.socket().getLocalPort() + ")].id");
			assertThat(ids).hasSize(1);
			assertThat(Http.delete(this.managementPort, "/actuator/connections/" + ids.get(0)).statusCode())
				.isIn(404, 405);
			assertThat(socket.write("still open\r\n").readLineUtf8()).isEqualTo("still open");
		}
	}

}
