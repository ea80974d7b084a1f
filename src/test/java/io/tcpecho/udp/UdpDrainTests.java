package io.tcpecho.udp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.TcpEchoApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drain of a UDP listener: it stops receiving, and still answers every datagram received before, delayed ones too.
 */
class UdpDrainTests {

	@Test
	void answersADelayedDatagramDuringTheDrainAndDropsThoseThatComeAfter() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TcpEchoApplication.class).run(
				"--echo.server.port=0", "--management.server.port=0", "--echo.listeners.udp.faults[0].type=latency",
				"--echo.listeners.udp.faults[0].latency=1500ms");
		DatagramListener udp = context.getBean("echoDatagramListener-udp", DatagramListener.class);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		try (UdpSocket early = new UdpSocket(udp.port()); UdpSocket late = new UdpSocket(udp.port())) {
			early.send("received before the drain");
			await().until(() -> udp.pending() == 1);
			CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
			await().until(() -> !udp.isListening());
			late.send("received during the drain");
			assertThat(early.receiveUtf8()).isEqualTo("received before the drain");
			closing.get();
			assertThat(late.silentFor(Duration.ofMillis(200))).isTrue();
			assertThat(meters.get("echo.datagrams.dropped").tag("reason", "draining").functionCounter().count())
				.isEqualTo(1);
		}
		finally {
			context.close();
		}
	}

}
