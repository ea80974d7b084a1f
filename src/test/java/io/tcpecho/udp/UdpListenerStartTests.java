package io.tcpecho.udp;

import java.net.DatagramSocket;
import java.net.ServerSocket;

import io.tcpecho.TcpEchoApplication;
import io.tcpecho.transport.PortInUseException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How UDP listeners start from the configuration, and how a wrong one fails the start.
 */
class UdpListenerStartTests {

	/** The failure is the assertion's to read: neither the analyzer's report nor Boot's "Application run failed". */
	private static final String QUIET = "--logging.level.org.springframework.boot=off";

	@Test
	void theShippedUdpListenerTakesTheEchoPortNumber() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		try (ConfigurableApplicationContext context = run("--echo.server.port=" + port)) {
			assertThat(context.getBean("echoDatagramListener-udp", DatagramListener.class).port()).isEqualTo(port);
			try (UdpSocket socket = new UdpSocket(port)) {
				assertThat(socket.send("same number").receiveUtf8()).isEqualTo("same number");
			}
		}
	}

	@Test
	void aDisabledListenerIsNotStarted() {
		try (ConfigurableApplicationContext context = run("--echo.server.port=0", "--echo.listeners.udp.enabled=false")) {
			assertThat(context.getBeansOfType(DatagramListener.class)).isEmpty();
		}
	}

	@Test
	void aKeyThatMeansNothingForUdpFailsTheStartNamingIt() {
		assertThatException().isThrownBy(() -> run("--echo.server.port=0", "--echo.listeners.udp.framing=lf", QUIET))
			.withMessageContaining("echo.listeners.udp.framing means nothing for a udp listener");
		assertThatException()
			.isThrownBy(() -> run("--echo.server.port=0", "--echo.listeners.udp.ssl.bundle=server", QUIET))
			.withMessageContaining("echo.listeners.udp.ssl.bundle");
	}

	@Test
	void aTcpFaultOnAUdpListenerFailsTheStartNamingItsType() {
		assertThatException()
			.isThrownBy(() -> run("--echo.server.port=0", "--echo.listeners.udp.faults[0].type=reset",
					"--echo.listeners.udp.faults[0].after-lines=1", QUIET))
			.havingRootCause()
			.withMessageContaining("echo.listeners.udp.faults[0]: a reset fault means nothing for a udp listener");
	}

	@Test
	void aTakenUdpPortFailsTheStartNamingTheListener() throws Exception {
		try (DatagramSocket taken = new DatagramSocket(0)) {
			assertThatException()
				.isThrownBy(() -> run("--echo.server.port=0", "--echo.listeners.udp.port=" + taken.getLocalPort(), QUIET))
				.havingCause()
				.isInstanceOfSatisfying(PortInUseException.class,
						(failure) -> assertThat(failure.listener()).isEqualTo("udp"));
		}
	}

	private static ConfigurableApplicationContext run(String... arguments) {
		String[] all = new String[arguments.length + 1];
		System.arraycopy(arguments, 0, all, 0, arguments.length);
		all[arguments.length] = "--management.server.port=0";
		return new SpringApplicationBuilder(TcpEchoApplication.class).run(all);
	}

}
