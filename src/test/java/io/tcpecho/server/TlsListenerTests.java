package io.tcpecho.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.Closes;
import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.TestCertificates;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS listeners from Spring Boot SSL bundles, over real sockets: the JDK's {@link SSLSocket} and
 * {@code openssl s_client} as clients, certificates made when the tests run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0", "echo.listeners.tls.port=0",
				"echo.listeners.tls.ssl.bundle=server", "echo.listeners.mtls.port=0",
				"echo.listeners.mtls.ssl.bundle=mutual", "echo.listeners.mtls.ssl.client-auth=need",
				"echo.listeners.one.port=0", "echo.listeners.one.ssl.bundle=server",
				"echo.listeners.one.max-connections=1", "spring.ssl.bundle.watch.file.quiet-period=300ms",
				"management.endpoint.health.show-details=always" })
@ExtendWith(OutputCaptureExtension.class)
class TlsListenerTests {

	static final Path directory;

	static final TestCertificates certificates;

	static {
		try {
			directory = Files.createTempDirectory("tcp-echo-tls");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		certificates = new TestCertificates(directory);
		certificates.issue("server", "CN=first");
	}

	@DynamicPropertySource
	static void bundles(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> directory.resolve("server.crt").toUri());
		registry.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> directory.resolve("server.key").toUri());
		registry.add("spring.ssl.bundle.pem.server.reload-on-update", () -> "true");
		registry.add("spring.ssl.bundle.pem.mutual.keystore.certificate", () -> directory.resolve("server.crt").toUri());
		registry.add("spring.ssl.bundle.pem.mutual.keystore.private-key", () -> directory.resolve("server.key").toUri());
		registry.add("spring.ssl.bundle.pem.mutual.truststore.certificate", () -> certificates.caCertificate().toUri());
	}

	@Autowired
	@Qualifier("echoConnectionFactory-tls")
	NettyServerConnectionFactory tls;

	@Autowired
	@Qualifier("echoConnectionFactory-mtls")
	NettyServerConnectionFactory mtls;

	@Autowired
	@Qualifier("echoConnectionFactory-one")
	NettyServerConnectionFactory one;

	@Autowired
	NettyServerConnectionFactory plain;

	@Autowired
	MeterRegistry meters;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void echoesTheExactBytesInOrderOverTls() throws Exception {
		byte[] everyByte = new byte[256];
		for (int i = 0; i < 256; i++) {
			everyByte[i] = (byte) i;
		}
		try (EchoSocket socket = new EchoSocket(connect(this.tls, certificates.clientContext()))) {
			assertThat(socket.writeLine(everyByte).readLine()).isEqualTo(everyByte);
			StringBuilder many = new StringBuilder();
			for (int i = 0; i < 1000; i++) {
				many.append("line ").append(i).append("\r\n");
			}
			socket.write(many.toString());
			for (int i = 0; i < 1000; i++) {
				assertThat(socket.readLineUtf8()).isEqualTo("line " + i);
			}
		}
	}

	@Test
	void eachHandshakeIsTimedForItsListener() throws Exception {
		long before = this.meters.get("echo.tls.handshake").tag("listener", "tls").timer().count();
		try (EchoSocket socket = new EchoSocket(connect(this.tls, certificates.clientContext()))) {
			assertThat(socket.write("hi\r\n").readLineUtf8()).isEqualTo("hi");
		}
		assertThat(this.meters.get("echo.tls.handshake").tag("listener", "tls").timer().count()).isEqualTo(before + 1);
		assertThat(this.meters.get("echo.tls.handshake").tag("listener", "default").timer().count()).isZero();
	}

	@Test
	void halfCloseOverTlsAnswersEveryLineThenCloses() throws Exception {
		try (EchoSocket socket = new EchoSocket(connect(this.tls, certificates.clientContext()))) {
			socket.write("one\r\ntwo\r\nunterminated");
			socket.socket().shutdownOutput();
			assertThat(new String(socket.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("one\r\ntwo\r\nunterminated");
		}
	}

	@Test
	void connectionsListAndCloseLogShowTheTlsVersionCipherAndClientSubject(CapturedOutput output) throws Exception {
		TestCertificates.Issued client = certificates.issue("client", "CN=alice");
		try (EchoSocket socket = new EchoSocket(connect(this.mtls, certificates.clientContext(client)))) {
			assertThat(socket.write("hi\r\n").readLineUtf8()).isEqualTo("hi");
			String body = Http.get(this.managementPort, "/actuator/connections").body();
			List<String> protocols = JsonPath.read(body, "$.connections[?(@.listener == 'mtls')].tls.protocol");
			List<String> ciphers = JsonPath.read(body, "$.connections[?(@.listener == 'mtls')].tls.cipherSuite");
			List<String> subjects = JsonPath.read(body, "$.connections[?(@.listener == 'mtls')].tls.peerSubject");
			SSLSocket ssl = (SSLSocket) socket.socket();
			assertThat(protocols).containsExactly(ssl.getSession().getProtocol());
			assertThat(ciphers).containsExactly(ssl.getSession().getCipherSuite());
			assertThat(subjects).containsExactly("CN=alice");
		}
		await().until(() -> output.getOut().contains("client CN=alice"));
		assertThat(output.getOut()).containsPattern("Connection closed from 127\\.0\\.0\\.1:\\d+ after .* client-closed \\[TLSv1\\.3 ");
	}

	@Test
	void clientWithoutACertificateFailsTheHandshakeWhereOneIsNeeded() throws Exception {
		double before = Closes.count(this.meters, "mtls", "tls-handshake");
		try (EchoSocket socket = new EchoSocket(connect(this.mtls, certificates.clientContext()))) {
			// TLS 1.3: the client hears of the refusal at its first read
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> socket.write("hi\r\n").readLine());
		}
		catch (SSLException refusedDuringHandshake) {
			// TLS 1.2: during the handshake
		}
		await().until(() -> Closes.count(this.meters, "mtls", "tls-handshake") == before + 1);
	}

	@Test
	void plaintextToATlsPortIsAFailedHandshakeThatDisturbsNoOtherConnection(CapturedOutput output) throws Exception {
		double before = Closes.count(this.meters, "tls", "tls-handshake");
		try (EchoSocket good = new EchoSocket(connect(this.tls, certificates.clientContext()));
				EchoSocket plaintext = new EchoSocket(this.tls.getPort())) {
			assertThat(good.write("before\r\n").readLineUtf8()).isEqualTo("before");
			plaintext.write("hello\r\n");
			assertThat(plaintext.readToEnd()).isEmpty();
			await().until(() -> Closes.count(this.meters, "tls", "tls-handshake") == before + 1);
			assertThat(good.write("after\r\n").readLineUtf8()).isEqualTo("after");
			int localPort = plaintext.socket().getLocalPort();
			// one line for the peer: a WARN, unless another failed handshake warned in the last ten seconds
			await().until(() -> output.getOut().lines().anyMatch((line) -> line.contains(
					"Connection closed from 127.0.0.1:" + localPort) && line.contains("tls-handshake: NotSslRecordException")));
			assertThat(output.getOut().lines()
				.filter((line) -> line.contains("127.0.0.1:" + localPort) && line.contains("tls-handshake"))).hasSize(1);
		}
	}

	@Test
	void bytesThatEndBeforeAWholeRecordAreAFailedHandshakeAndABareConnectIsNot() throws Exception {
		double failedBefore = Closes.count(this.meters, "tls", "tls-handshake");
		double closedBefore = Closes.count(this.meters, "tls", "client-closed");
		try (EchoSocket partial = new EchoSocket(this.tls.getPort())) {
			// four bytes: less than a TLS record header, then the end of input
			partial.write("hi\r\n");
			partial.socket().shutdownOutput();
			partial.readToEnd();
		}
		await().until(() -> Closes.count(this.meters, "tls", "tls-handshake") == failedBefore + 1);
		try (EchoSocket bare = new EchoSocket(this.tls.getPort())) {
			bare.socket().shutdownOutput();
			bare.readToEnd();
		}
		await().until(() -> Closes.count(this.meters, "tls", "client-closed") == closedBefore + 1);
		assertThat(Closes.count(this.meters, "tls", "tls-handshake")).isEqualTo(failedBefore + 1);
	}

	@Test
	void opensslSClientGetsTheExactEcho() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed; .ci/run installs it");
		Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + this.tls.getPort(),
				"-CAfile", certificates.caCertificate().toString(), "-verify_return_error", "-quiet", "-crlf")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			openssl.getOutputStream().write("hello from openssl\nsecond line\n".getBytes(StandardCharsets.US_ASCII));
			openssl.getOutputStream().flush();
			byte[] expected = "hello from openssl\r\nsecond line\r\n".getBytes(StandardCharsets.US_ASCII);
			assertThat(readExactly(openssl.getInputStream(), expected.length)).isEqualTo(expected);
		}
		finally {
			openssl.destroy();
			openssl.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void theConnectionLimitHoldsOverTls() throws Exception {
		double before = Closes.count(this.meters, "one", "rejected-at-limit");
		try (EchoSocket admitted = new EchoSocket(connect(this.one, certificates.clientContext()))) {
			assertThat(admitted.write("in\r\n").readLineUtf8()).isEqualTo("in");
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				try (EchoSocket refused = new EchoSocket(connect(this.one, certificates.clientContext()))) {
					refused.write("out\r\n").readLine();
				}
			});
			await().until(() -> Closes.count(this.meters, "one", "rejected-at-limit") == before + 1);
			assertThat(admitted.write("still\r\n").readLineUtf8()).isEqualTo("still");
		}
	}

	@Test
	void aReloadedBundleServesNewConnectionsAndLeavesOpenOnesAlone() throws Exception {
		try (EchoSocket before = new EchoSocket(connect(this.tls, certificates.clientContext()))) {
			assertThat(before.write("first\r\n").readLineUtf8()).isEqualTo("first");
			assertThat(serverSubject(before)).isEqualTo("CN=first");
			certificates.issue("server", "CN=second");
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				try (EchoSocket after = new EchoSocket(connect(this.tls, certificates.clientContext()))) {
					return serverSubject(after).equals("CN=second") && after.write("new\r\n").readLineUtf8().equals("new");
				}
			});
			assertThat(before.write("still\r\n").readLineUtf8()).isEqualTo("still");
			assertThat(serverSubject(before)).isEqualTo("CN=first");
		}
		finally {
			certificates.issue("server", "CN=first");
		}
	}

	@Test
	void healthSaysWhichListenersSpeakTls() throws Exception {
		String body = Http.get(this.managementPort, "/actuator/health/readiness").body();
		assertThat((Boolean) JsonPath.read(body, "$.components.tcpServer.details.listeners.tls.tls")).isTrue();
		assertThat((Boolean) JsonPath.read(body, "$.components.tcpServer.details.listeners.default.tls")).isFalse();
		assertThat((Integer) JsonPath.read(body, "$.components.tcpServer.details.listeners.tls.port"))
			.isEqualTo(this.tls.getPort());
		try (EchoSocket socket = new EchoSocket(this.plain.getPort())) {
			assertThat(socket.write("plain\r\n").readLineUtf8()).isEqualTo("plain");
		}
	}

	private static Socket connect(NettyServerConnectionFactory listener, SSLContext context) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", listener.getPort()), 5000);
		socket.setSoTimeout(10_000);
		socket.startHandshake();
		return socket;
	}

	private static String serverSubject(EchoSocket socket) throws IOException {
		return ((X509Certificate) ((SSLSocket) socket.socket()).getSession().getPeerCertificates()[0])
			.getSubjectX500Principal()
			.getName();
	}

	private static byte[] readExactly(InputStream in, int length) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (read.size() < length) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			read.write(b);
		}
		return read.toByteArray();
	}

}
