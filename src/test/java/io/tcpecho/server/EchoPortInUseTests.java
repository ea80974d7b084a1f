package io.tcpecho.server;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.PortInUseException;
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
					.run("--echo.server.port=" + taken.getLocalPort(),
						// the failure report is the analyzer's, tested below and through the jar
						"--logging.level.org.springframework.boot.diagnostics=off"))
				.havingRootCause()
				.isInstanceOf(BindException.class);
		}
	}

	@Test
	void startupFailsByTheNameOfTheListenerWhosePortIsTaken() throws Exception {
		try (ServerSocket taken = new ServerSocket(0)) {
			assertThatException()
				.isThrownBy(() -> new SpringApplicationBuilder(TcpEchoApplication.class).run("--echo.server.port=0",
						"--management.server.port=0", "--echo.listeners.second.port=" + taken.getLocalPort(),
						"--logging.level.org.springframework.boot.diagnostics=off"))
				.havingCause()
				.isInstanceOfSatisfying(PortInUseException.class,
						(failure) -> assertThat(failure.listener()).isEqualTo("second"));
		}
	}

	@Test
	void failureAnalysisNamesThePortAndHowToChooseAnother() {
		PortInUseException failure = new PortInUseException("default", new InetSocketAddress(9877),
				new BindException("Address already in use"));
		FailureAnalysis analysis = new EchoPortInUseFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start bean", failure));
		assertThat(analysis.getDescription()).contains("0.0.0.0:9877").contains("Address already in use");
		assertThat(analysis.getAction()).contains("--echo.server.port=");
	}

	@Test
	void failureAnalysisOfAnotherListenerNamesItsProperty() {
		PortInUseException failure = new PortInUseException("tls", new InetSocketAddress(9878),
				new BindException("Address already in use"));
		FailureAnalysis analysis = new EchoPortInUseFailureAnalyzer()
			.analyze(new IllegalStateException("Failed to start bean", failure));
		assertThat(analysis.getDescription()).contains("listener 'tls'").contains("0.0.0.0:9878");
		assertThat(analysis.getAction()).contains("--echo.listeners.tls.port=");
	}

}
