package io.tcpecho.connections;

import io.tcpecho.Http;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Actuator shows over HTTP by default, and what it keeps hidden.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0" })
class ActuatorExposureTests {

	@Value("${local.management.port}")
	int managementPort;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
			"/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/actuator/connections" })
	void exposesTheOperatorEndpoints(String path) throws Exception {
		assertThat(Http.get(this.managementPort, path).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
			"/actuator/threaddump", "/actuator/shutdown", "/actuator/loggers", "/actuator/mappings" })
	void hidesEverythingElse(String path) throws Exception {
		assertThat(Http.get(this.managementPort, path).statusCode()).isEqualTo(404);
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
	void closingAConnectionIsNotAllowedUnlessTheOperatorOptsIn() throws Exception {
		assertThat(Http.delete(this.managementPort, "/actuator/connections/some-id").statusCode()).isIn(404, 405);
	}

}
