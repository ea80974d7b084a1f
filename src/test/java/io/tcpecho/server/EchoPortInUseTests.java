package io.tcpecho.server;

import java.net.BindException;
import java.net.ServerSocket;

import io.tcpecho.TcpEchoApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Startup on a port that another process holds.
 */
class EchoPortInUseTests {

	@Test
	void startupFailsWhenTheEchoPortIsTaken() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			assertThatException()
				.isThrownBy(() -> new SpringApplicationBuilder(TcpEchoApplication.class)
					.run("--echo.server.port=" + taken.getLocalPort()))
				.havingRootCause()
				.isInstanceOf(BindException.class);
		}
	}

	@Test
	void failureAnalysisNamesThePortAndHowToChooseAnother() {
		EchoPortInUseException failure = new EchoPortInUseException("0.0.0.0", 9877,
				new BindException("Address already in use"));
		FailureAnalysis analysis = new EchoPortInUseFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start bean", failure));
		assertThat(analysis.getDescription()).contains("0.0.0.0:9877").contains("Address already in use");
		assertThat(analysis.getAction()).contains("--echo.server.port=");
	}

}
