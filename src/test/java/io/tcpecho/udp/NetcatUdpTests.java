package io.tcpecho.udp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.tcpecho.RequiresPeer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP echo as {@code nc -u}, as a developer points it at the server sees it: each line sent as a datagram comes back.
 */
@SpringBootTest(properties = "echo.server.port=0")
@RequiresPeer(value = "/usr/bin/nc", from = "netcat-openbsd")
class NetcatUdpTests {

	@Autowired
	@Qualifier("echoDatagramListener-udp")
	DatagramListener udp;

	@Test
	void echoesALineSentAsADatagram() throws Exception {
		Process peer = new ProcessBuilder("/usr/bin/nc", "-u", "-w1", "127.0.0.1", String.valueOf(this.udp.port())).redirectErrorStream(true).start();
		peer.getOutputStream().write("hello over udp\n".getBytes(StandardCharsets.US_ASCII));
		peer.getOutputStream().close();
		assertThat(peer.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(new String(peer.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello over udp\n");
	}

}
