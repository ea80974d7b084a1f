package io.tcpecho.server;

import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.tcpecho.EchoSocket;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The echo contract over real sockets with the default CRLF framing.
 */
@SpringBootTest(properties = "echo.server.port=0")
class EchoContractTests {

	@Autowired
	NettyServerConnectionFactory factory;

	@ParameterizedTest
	@ValueSource(strings = { "", "hello", "héllo wörld ✓ 𝄞 日本語", "a\rb", "a\nb", "ends with CR\r", "\n", "\r",
			"tabs\tand spaces  " })
	void echoesTheExactBytesOfALine(String line) throws Exception {
		byte[] payload = line.getBytes(StandardCharsets.UTF_8);
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.writeLine(payload).readLine()).isEqualTo(payload);
		}
	}

	@Test
	void echoesEveryByteValueWithoutDecoding() throws Exception {
		// 0..255 in order holds CR and LF, but never CR directly followed by LF
		byte[] everyByte = new byte[256];
		for (int i = 0; i < 256; i++) {
			everyByte[i] = (byte) i;
		}
		byte[] invalidUtf8 = { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80 };
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			assertThat(socket.writeLine(everyByte).readLine()).isEqualTo(everyByte);
			assertThat(socket.writeLine(invalidUtf8).readLine()).isEqualTo(invalidUtf8);
		}
	}

	@Test
	void echoesTenThousandLinesFromOneWriteInOrder() throws Exception {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		IntStream.range(0, 10_000).forEach((i) -> all.writeBytes(("line %05d\r\n".formatted(i)).getBytes()));
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write(all.toByteArray());
			for (int i = 0; i < 10_000; i++) {
				assertThat(socket.readLineUtf8()).isEqualTo("line %05d".formatted(i));
			}
		}
	}

	@Test
	void reassemblesALineWrittenOneByteAtATime() throws Exception {
		byte[] line = "one byte per write\r\n".getBytes();
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.socket().setTcpNoDelay(true);
			for (byte b : line) {
				socket.write(new byte[] { b });
			}
			assertThat(socket.readLineUtf8()).isEqualTo("one byte per write");
		}
	}

	@Test
	void waitsForTheLfWhenCrAndLfArriveInSeparateWrites() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort(), Duration.ofMillis(300))) {
			socket.socket().setTcpNoDelay(true);
			socket.write("split\r");
			// a lone CR does not end the line, so nothing may come back yet
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(socket::readLine);
			socket.socket().setSoTimeout(10_000);
			socket.write("\n");
			assertThat(socket.readLineUtf8()).isEqualTo("split");
		}
	}

	@Test
	void answersALineAtOnceWhenPartOfTheNextArrivedWithIt() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			// the client waits for the first echo before it finishes the second line
			assertThat(socket.write("first\r\nsec").readLineUtf8()).isEqualTo("first");
			assertThat(socket.write("ond\r\n").readLineUtf8()).isEqualTo("second");
		}
	}

	@Test
	void echoesEveryLineBeforeClosingAfterTheClientHalfCloses() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			for (int i = 0; i < 100; i++) {
				socket.write("half-close %d\r\n".formatted(i));
			}
			socket.socket().shutdownOutput();
			String expected = IntStream.range(0, 100)
				.mapToObj("half-close %d\r\n"::formatted)
				.reduce("", String::concat);
			assertThat(new String(socket.readToEnd(), StandardCharsets.UTF_8)).isEqualTo(expected);
		}
	}

	@Test
	void servesOneHundredConcurrentConnectionsOfTwoHundredLinesEach() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(100);
		try {
			List<Callable<Integer>> clients = new ArrayList<>();
			for (int c = 0; c < 100; c++) {
				int client = c;
				clients.add(() -> {
					int echoed = 0;
					try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
						for (int i = 0; i < 200; i++) {
							String line = "client %d line %d".formatted(client, i);
							assertThat(socket.write(line + "\r\n").readLineUtf8()).isEqualTo(line);
							echoed++;
						}
					}
					return echoed;
				});
			}
			for (Future<Integer> result : pool.invokeAll(clients)) {
				assertThat(result.get()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
