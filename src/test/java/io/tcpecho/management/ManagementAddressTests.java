package io.tcpecho.management;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import io.tcpecho.Http;
import io.tcpecho.PackagedJar;
import io.tcpecho.TcpEchoApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code server.address} keeps Actuator on one interface: it shares the web server, so Spring
 * Boot's {@code management.server.address} does not apply, and the start says so in one line.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT,
		properties = { "echo.server.port=0", "server.address=127.0.0.1" })
class ManagementAddressTests {

	// a fixed port, as in production: port 0 for management alone would start a second web server
	static final int MANAGEMENT_PORT = PackagedJar.freePort();

	@DynamicPropertySource
	static void managementPort(DynamicPropertyRegistry registry) {
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
	}

	@Value("${local.server.port}")
	int managementPort;

	@Test
	void managementServerAddressStopsTheStartAndTheAnalysisSaysWhatToSetInstead() {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(TcpEchoApplication.class)
			.run("--echo.server.port=0", "--management.server.port=" + PackagedJar.freePort(),
					"--management.server.address=127.0.0.1",
					// the report is the analysis below, and the packaged jar's
					"--logging.level.org.springframework.boot.diagnostics=off"))
			.satisfies((failure) -> {
				FailureAnalysis analysis = new SharedManagementAddressFailureAnalyzer(new MockEnvironment()
					.withProperty("management.server.address", "127.0.0.1")
					.withProperty("management.server.port", "8080")).analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("management.server.address=127.0.0.1 cannot apply");
				assertThat(analysis.getAction()).contains("--server.address=127.0.0.1");
			});
	}

	@Test
	void theAnalysisKeepsOutOfASeparateManagementPort() {
		assertThat(new SharedManagementAddressFailureAnalyzer(new MockEnvironment()
			.withProperty("management.server.address", "127.0.0.1")
			.withProperty("management.server.port", "8081")
			.withProperty("server.port", "8080")).analyze(new IllegalStateException("another failure"))).isNull();
	}

	@Test
	void actuatorAnswersOnTheBoundAddressOnly() throws Exception {
		assertThat(Http.get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		try (Socket other = new Socket()) {
			// another loopback address of this host: nothing listens there
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> other.connect(new InetSocketAddress("127.0.0.2", this.managementPort), 2000));
		}
	}

}
