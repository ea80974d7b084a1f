package io.tcpecho.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROXY protocol v1 and v2 headers written byte for byte on raw sockets: valid, split, LOCAL,
 * with TLVs, truncated, malformed, over-long and missing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0", "echo.listeners.required.port=0",
				"echo.listeners.required.proxy-protocol=required", "echo.listeners.optional.port=0",
				"echo.listeners.optional.proxy-protocol=optional", "echo.listeners.limited.port=0",
				"echo.listeners.limited.proxy-protocol=required", "echo.listeners.limited.max-connections=1" })
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolTests {

	static final byte[] V2_SIGNATURE = { '\r', '\n', '\r', '\n', 0, '\r', '\n', 'Q', 'U', 'I', 'T', '\n' };

	@Autowired
	@Qualifier("echoConnectionFactory-required")
	NettyServerConnectionFactory required;

	@Autowired
	@Qualifier("echoConnectionFactory-optional")
	NettyServerConnectionFactory optional;

	@Autowired
	@Qualifier("echoConnectionFactory-limited")
	NettyServerConnectionFactory limited;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void aV1HeaderIsConsumedAndItsSourceReplacesThePeerEverywhere(CapturedOutput output) throws Exception {
		try (EchoSocket socket = new EchoSocket(this.required.getPort())) {
			socket.write("PROXY TCP4 203.0.113.7 192.0.2.1 51234 9877\r\nhello\r\n");
			assertThat(socket.readLineUtf8()).isEqualTo("hello");
			Map<String, Object> entry = connection("required", 51234);
			assertThat(entry).containsEntry("peerAddress", "203.0.113.7")
				.containsEntry("proxy", "127.0.0.1:" + socket.socket().getLocalPort());
		}
		await().until(() -> output.getOut().contains("Connection closed from 203.0.113.7:51234 via proxy 127.0.0.1:"));
		assertThat(output.getOut()).contains("Connection opened from 203.0.113.7:51234 via proxy 127.0.0.1:");
	}

	/** Split over separate reads in ProxyProtocolHandlerTests; here over a real socket, however it coalesces. */
	@Test
	void aV1Tcp6HeaderWrittenInPartsIsReadWhole() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.required.getPort())) {
			socket.socket().setTcpNoDelay(true);
			for (String part : List.of("PRO", "XY TCP6 2001:db8::7 ", "2001:db8::1 4", "1000 443\r", "\nsplit\r\n")) {
				socket.write(part);
			}
			assertThat(socket.readLineUtf8()).isEqualTo("split");
			assertThat(connection("required", 41000)).containsEntry("peerAddress", "2001:db8:0:0:0:0:0:7");
		}
	}

	@Test
	void aV2HeaderWithTlvsIsConsumedAndTheTlvTypesAreListed() throws Exception {
		byte[] header = v2(0x21, 0x11, new byte[] { (byte) 198, 51, 100, 20, (byte) 192, 0, 2, 1, (byte) 0xAA, 0x10,
				0x26, (byte) 0x94, 0x01, 0, 2, 'h', '2', (byte) 0xE0, 0, 1, 'x' });
		try (EchoSocket socket = new EchoSocket(this.required.getPort())) {
			socket.write(EchoSocket.concat(header, "binary header\r\n".getBytes(StandardCharsets.US_ASCII)));
			assertThat(socket.readLineUtf8()).isEqualTo("binary header");
			Map<String, Object> entry = connection("required", 0xAA10);
			assertThat(entry).containsEntry("peerAddress", "198.51.100.20");
			assertThat(entry.get("proxyTlvs")).isEqualTo(List.of("PP2_TYPE_ALPN", "0xE0"));
		}
	}

	@Test
	void aV2LocalCommandFromAHealthCheckKeepsTheProxyAsThePeer() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.required.getPort())) {
			socket.write(EchoSocket.concat(v2(0x20, 0x00, new byte[0]), "local\r\n".getBytes(StandardCharsets.US_ASCII)));
			assertThat(socket.readLineUtf8()).isEqualTo("local");
			Map<String, Object> entry = connection("required", socket.socket().getLocalPort());
			assertThat(entry).containsEntry("peerAddress", "127.0.0.1").doesNotContainKey("proxy");
		}
	}

	@Test
	void badHeadersCloseTheirConnectionOnceEachAndDisturbNoOther(CapturedOutput output) throws Exception {
		double before = Closes.count(this.meters, "required", "proxy-protocol-error");
		try (EchoSocket good = new EchoSocket(this.required.getPort())) {
			good.write("PROXY TCP4 203.0.113.8 192.0.2.1 50000 9877\r\nbefore\r\n");
			assertThat(good.readLineUtf8()).isEqualTo("before");
			List<byte[]> bad = List.of("hello\r\n".getBytes(StandardCharsets.US_ASCII),
					"PROXY FOO bar\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII),
					("PROXY TCP4 " + "1".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII),
					EchoSocket.concat(V2_SIGNATURE, new byte[] { 0x21, 0x11, 0, 12, 1, 2 }));
			for (byte[] input : bad) {
				try (EchoSocket socket = new EchoSocket(this.required.getPort())) {
					socket.write(input);
					// the truncated v2 header ends with the client's FIN
					socket.socket().shutdownOutput();
					assertThat(socket.readToEnd()).isEmpty();
				}
			}
			await().until(() -> Closes.count(this.meters, "required", "proxy-protocol-error") == before + bad.size());
			assertThat(good.write("after\r\n").readLineUtf8()).isEqualTo("after");
		}
		await().until(() -> output.getOut().lines().filter((line) -> line.contains("proxy-protocol-error")).count() == 4);
		assertThat(output.getOut()).contains("no PROXY protocol header");
	}

	@Test
	void anOptionalListenerEchoesConnectionsWithoutAHeaderAndReadsOneWhenPresent() throws Exception {
		try (EchoSocket plain = new EchoSocket(this.optional.getPort());
				EchoSocket proxied = new EchoSocket(this.optional.getPort())) {
			assertThat(plain.write("hi\r\n").readLineUtf8()).isEqualTo("hi");
			proxied.write("PROXY TCP4 203.0.113.9 192.0.2.1 50001 9877\r\nthere\r\n");
			assertThat(proxied.readLineUtf8()).isEqualTo("there");
			assertThat(connection("optional", 50001)).containsEntry("peerAddress", "203.0.113.9");
		}
		try (EchoSocket partial = new EchoSocket(this.optional.getPort())) {
			// the start of a signature, then the end of input: the bytes were the client's, not a header
			partial.write("PRO");
			partial.socket().shutdownOutput();
			assertThat(new String(partial.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("PRO");
		}
	}

	@Test
	void theConnectionLimitWarningNamesTheClientFromTheHeader(CapturedOutput output) throws Exception {
		try (EchoSocket admitted = new EchoSocket(this.limited.getPort())) {
			admitted.write("PROXY TCP4 203.0.113.10 192.0.2.1 50002 9877\r\nin\r\n");
			assertThat(admitted.readLineUtf8()).isEqualTo("in");
			try (EchoSocket refused = new EchoSocket(this.limited.getPort())) {
				refused.write("PROXY TCP4 198.51.100.99 192.0.2.1 40000 9877\r\nout\r\n");
				assertThat(refused.readToEnd()).isEmpty();
			}
			await().until(() -> output.getOut().contains("echo.listeners.limited.max-connections=1, the latest from 198.51.100.99:40000"));
			assertThat(admitted.write("still\r\n").readLineUtf8()).isEqualTo("still");
		}
	}

	/** A v2 header: signature, version and command, family and protocol, then the address block. */
	static byte[] v2(int versionCommand, int family, byte[] block) {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		header.writeBytes(V2_SIGNATURE);
		header.write(versionCommand);
		header.write(family);
		header.write(block.length >>> 8);
		header.write(block.length & 0xFF);
		header.writeBytes(block);
		return header.toByteArray();
	}

	private Map<String, Object> connection(String listener, int peerPort) throws Exception {
		String body = Http.get(this.managementPort, "/actuator/connections").body();
		List<Map<String, Object>> matches = JsonPath.read(body,
				"$.connections[?(@.listener == '" + listener + "' && @.peerPort == " + peerPort + ")]");
		assertThat(matches).hasSize(1);
		return matches.get(0);
	}

}
