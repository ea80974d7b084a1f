package io.tcpecho.client;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.tcpecho.InProcessLogging;
import io.tcpecho.udp.DatagramListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client over UDP, after UNP chapter 8: a connected socket, retries for a lost datagram, and
 * the exit codes of a refused port and of no echo.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.listeners.dup.protocol=udp", "echo.listeners.dup.port=0",
		"echo.listeners.dup.faults[0].type=duplicate", "echo.listeners.hole.protocol=udp", "echo.listeners.hole.port=0",
		"echo.listeners.hole.faults[0].type=drop", "echo.listeners.half.protocol=udp", "echo.listeners.half.port=0",
		"echo.listeners.half.faults[0].type=drop", "echo.listeners.half.faults[0].probability=0.5",
		"echo.listeners.half.faults[0].seed=3" })
@ExtendWith(InProcessLogging.class)
class DatagramClientTests {

	@Autowired
	@Qualifier("echoDatagramListener-udp")
	DatagramListener udp;

	@Autowired
	@Qualifier("echoDatagramListener-dup")
	DatagramListener dup;

	@Autowired
	@Qualifier("echoDatagramListener-hole")
	DatagramListener hole;

	@Autowired
	@Qualifier("echoDatagramListener-half")
	DatagramListener half;

	@Test
	void sendsEachLineWithItsLineEndAsOneDatagramAndPrintsEachEcho() {
		for (String mode : new String[] { "interactive", "batch" }) {
			ClientRun run = ClientRun.against(this.udp.port(), "one\ntwo\r\n\nlast without end", "--protocol=udp",
					"--mode=" + mode);
			assertThat(run.exit()).as(mode).isZero();
			assertThat(run.out()).as(mode).isEqualTo("one\ntwo\r\n\nlast without end");
		}
	}

	@Test
	void aLateCopyOfAnEchoIsNotPrintedTwice() {
		ClientRun run = ClientRun.against(this.dup.port(), "a\nb\nc\n", "--protocol=udp", "--mode=interactive");
		assertThat(run.exit()).isZero();
		assertThat(run.out()).isEqualTo("a\nb\nc\n");
	}

	@Test
	void aLostDatagramIsSentAgainUntilItsRetriesAreSpentThenExitsFive() {
		long before = this.hole.stats().received();
		ClientRun run = ClientRun.against(this.hole.port(), "never echoed\n", "--protocol=udp", "--mode=interactive",
				"--reply-timeout=200ms", "--retries=2");
		assertThat(run.exit()).isEqualTo(5);
		assertThat(run.err()).startsWith("tcp-echo: no echo from 127.0.0.1:" + this.hole.port())
			.contains("sent 3 time(s), 200 ms apart");
		assertThat(this.hole.stats().received() - before).isEqualTo(3);
	}

	@Test
	void aBatchRetriesItsLostDatagramsAndCountsThoseNeverEchoed() {
		StringBuilder input = new StringBuilder();
		for (int i = 0; i < 40; i++) {
			input.append("datagram ").append(i).append('\n');
		}
		ClientRun retried = ClientRun.against(this.half.port(), input.toString(), "--protocol=udp", "--mode=batch",
				"--reply-timeout=200ms", "--retries=10", "--window=8");
		assertThat(retried.exit()).as(retried.err()).isZero();
		assertThat(retried.out().lines().sorted()).isEqualTo(input.toString().lines().sorted().toList());
		ClientRun lost = ClientRun.against(this.hole.port(), input.toString(), "--protocol=udp", "--mode=batch",
				"--reply-timeout=100ms", "--retries=0");
		assertThat(lost.exit()).isEqualTo(5);
		assertThat(lost.err()).contains("40 of 40 datagram(s) never echoed");
	}

	@Test
	void aClosedPortIsReportedAsRefusedWithExitTwo() throws Exception {
		int closed;
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		ClientRun run = ClientRun.against(closed, "anyone there?\n", "--protocol=udp", "--mode=interactive",
				"--reply-timeout=500ms");
		assertThat(run.exit()).isEqualTo(2);
		assertThat(run.err()).isEqualTo("tcp-echo: connection refused by 127.0.0.1:" + closed + " (is the server running?)\n");
	}

	@Test
	void aReplyFromAnotherAddressIsNeverTakenForTheEcho() throws Exception {
		AtomicInteger received = new AtomicInteger();
		try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
				DatagramSocket impostor = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			// answers every datagram from another port than the one it was sent to (UNP 8.8)
			CompletableFuture.runAsync(() -> {
				byte[] buffer = new byte[1024];
				try {
					while (true) {
						DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
						server.receive(packet);
						received.incrementAndGet();
						impostor.send(new DatagramPacket(Arrays.copyOf(buffer, packet.getLength()), packet.getLength(),
								packet.getSocketAddress()));
					}
				}
				catch (Exception ex) {
					// the test is over
				}
			});
			ClientRun run = ClientRun.against(server.getLocalPort(), "hello\n", "--protocol=udp", "--mode=interactive",
					"--reply-timeout=200ms", "--retries=1");
			assertThat(run.exit()).isEqualTo(5);
			assertThat(run.out()).isEmpty();
			assertThat(received).hasValue(2);
		}
	}

}
