package io.tcpecho.management;

import io.tcpecho.Http;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contributor that throws fails as it does in Boot (500), not as "not found": the health path
 * check calls no contributor. Boot logs that 500 at ERROR, which is this test's to expect.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "echo.server.port=0",
		"management.server.port=0", "logging.level.org.springframework.boot.webflux.autoconfigure.error=off",
		"logging.level.org.springframework.web.HttpLogging=off" })
class FailingContributorTests {

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void aContributorThatThrowsStillFailsAsInBoot() throws Exception {
		assertThat(Http.get(this.managementPort, "/actuator/health/failing").statusCode()).isEqualTo(500);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingContributor {

		@Bean
		HealthIndicator failingHealthIndicator() {
			return () -> {
				throw new IllegalStateException("contributor broke");
			};
		}

	}

}
