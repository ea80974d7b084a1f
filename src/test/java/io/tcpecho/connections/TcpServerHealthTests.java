package io.tcpecho.connections;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code tcpServer} health status as the listener stops and the server drains.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0" })
@DirtiesContext
class TcpServerHealthTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@Autowired
	ApplicationContext context;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void healthIsDownWhenNotListeningAndOutOfServiceWhileDraining() throws Exception {
		assertThat(status()).isEqualTo("UP");

		this.factory.stop();
		await().until(() -> !this.factory.isListening());
		assertThat(status()).isEqualTo("DOWN");
		assertThat(Http.get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(Http.get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);

		// a drain closes the listener on purpose, and says that the application refuses traffic
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		assertThat(status()).isEqualTo("OUT_OF_SERVICE");
		assertThat(Http.get(this.managementPort, "/actuator/health/readiness").statusCode()).isEqualTo(503);
	}

	private String status() throws Exception {
		return JsonPath.read(Http.get(this.managementPort, "/actuator/health/readiness").body(),
				"$.components.tcpServer.status");
	}

}
