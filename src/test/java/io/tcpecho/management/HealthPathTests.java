package io.tcpecho.management;

import io.tcpecho.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A health path that names no contributor, in any encoding, answers 404 and logs nothing above DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0" })
class HealthPathTests {

	@Value("${local.management.port}")
	int managementPort;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/..%2fenv", "/actuator/health/..%2Fenv", "/actuator/health/%2e%2e%2fenv",
			"/actuator/health/%2e%2e/env", "/actuator/health/readiness/..%2ftcpServer",
			"/actuator/health/tcpServer%2fx", "/actuator/health/readiness/tcpServer/x", "/actuator/health/nonexistent/x" })
	void answersNotFoundForAPathThatNamesNothingAndLogsNoWarning(String path, CapturedOutput output) throws Exception {
		int before = output.getOut().length();
		assertThat(Http.get(this.managementPort, path).statusCode()).isEqualTo(404);
		assertThat(output.getOut().substring(before)).doesNotContain(" ERROR ").doesNotContain(" WARN ");
	}

	@Test
	void stillAnswersAMemberOfAGroup() throws Exception {
		assertThat(Http.get(this.managementPort, "/actuator/health/readiness/tcpServer").statusCode()).isEqualTo(200);
	}

}
