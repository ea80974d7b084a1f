package io.tcpecho.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.net.ssl.SSLSocket;

import io.tcpecho.EchoSocket;
import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.TestCertificates;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code client --ssl-bundle=NAME} against the TLS listener of the {@code tls} profile: it echoes when the bundle trusts the
 * server, and names a failed handshake with its own exit code when it does not.
 */
class TlsClientTests {

	static Path directory;

	static TestCertificates certificates;

	static ConfigurableApplicationContext server;

	static int port;

	@BeforeAll
	static void startTlsServer() throws IOException {
		directory = Files.createTempDirectory("tcp-echo-client-tls");
		certificates = new TestCertificates(directory);
		TestCertificates.Issued issued = certificates.issue("server", "CN=localhost");
		// the profile a deployment uses, with the files from elsewhere than the secret's mount
		server = new SpringApplicationBuilder(TcpEchoApplication.class).profiles("tls")
			.run("--echo.server.port=0", "--management.server.port=0", "--echo.listeners.tls.port=0",
					"--ECHO_TLS_CERTIFICATE=" + issued.certificateFile().toUri(),
					"--ECHO_TLS_PRIVATE_KEY=" + issued.keyFile().toUri());
		port = server.getBean("echoConnectionFactory-tls", NettyServerConnectionFactory.class).getPort();
		// lets each client run set up logging as the command does (console off), not inherit the server's
		InProcessLogging.reset();
	}

	@AfterAll
	static void stop() {
		server.close();
		InProcessLogging.reset();
	}

	@Test
	void theClientSpeaksTlsWithABundleThatTrustsTheServer() {
		ClientRun run = client("--ssl-bundle=trusting",
				"--spring.ssl.bundle.pem.trusting.truststore.certificate=" + certificates.caCertificate().toUri());
		assertThat(run.err()).isEmpty();
		assertThat(run.exit()).isZero();
		assertThat(run.out()).isEqualTo("over tls\n");
	}

	@Test
	void theClientNamesAnUntrustedCertificateWithItsOwnExitCode() throws Exception {
		TestCertificates stranger = new TestCertificates(Files.createTempDirectory("tcp-echo-other-ca"));
		ClientRun run = client("--ssl-bundle=stranger",
				"--spring.ssl.bundle.pem.stranger.truststore.certificate=" + stranger.caCertificate().toUri());
		assertThat(run.exit()).isEqualTo(ClientFailure.TLS_HANDSHAKE.exitCode()).isEqualTo(7);
		assertThat(run.err()).startsWith("tcp-echo: TLS handshake with 127.0.0.1:" + port + " failed: ")
			.hasLineCount(1);
		assertThat(run.out()).isEmpty();
	}

	@Test
	void aPlaintextClientOnATlsPortIsToldTheServerClosed() {
		ClientRun run = client("--reply-timeout=5s");
		assertThat(run.exit()).isEqualTo(ClientFailure.SERVER_TERMINATED.exitCode());
	}

	@Test
	void theBenchToolVerifiesEveryEchoOverTls() {
		for (String[] shape : new String[][] { { "--connections=3", "--in-flight=16", "--count=30000" },
				{ "--connections=2", "--in-flight=4", "--payload-size=40KB", "--count=200" },
				{ "--connections=2", "--rate=400", "--count=200" } }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			String[] args = new String[shape.length + 4];
			args[0] = "127.0.0.1";
			args[1] = String.valueOf(port);
			args[2] = "--ssl-bundle=trusting";
			args[3] = "--spring.ssl.bundle.pem.trusting.truststore.certificate=" + certificates.caCertificate().toUri();
			System.arraycopy(shape, 0, args, 4, shape.length);
			int exit = TcpEchoApplication.runBench(args, new PrintStream(out, true), System.err);
			String report = out.toString(StandardCharsets.UTF_8);
			assertThat(exit).as(report).isZero();
			assertThat(report).contains("(TLS)").contains("errors=0");
		}
	}

	@Test
	void theDrainAnswersWhatATlsClientSentThenClosesWithCloseNotifyAndFin() throws Exception {
		TestCertificates.Issued issued = certificates.issue("drained", "CN=localhost");
		ConfigurableApplicationContext drained = new SpringApplicationBuilder(TcpEchoApplication.class).run(
				"--echo.server.port=0", "--management.server.port=0", "--echo.server.ssl.bundle=drained",
				"--spring.ssl.bundle.pem.drained.keystore.certificate=" + issued.certificateFile().toUri(),
				"--spring.ssl.bundle.pem.drained.keystore.private-key=" + issued.keyFile().toUri());
		int drainedPort = drained.getBean(NettyServerConnectionFactory.class).getPort();
		SSLSocket socket = (SSLSocket) certificates.clientContext().getSocketFactory().createSocket("127.0.0.1", drainedPort);
		try (EchoSocket client = new EchoSocket(socket)) {
			socket.startHandshake();
			assertThat(client.write("before\r\n").readLineUtf8()).isEqualTo("before");
			client.write("in flight\r\n");
			drained.close();
			// every echo, then the end of the stream: the server's close_notify and FIN, no reset
			assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("in flight\r\n");
		}
	}

	private static ClientRun client(String... options) {
		return ClientRun.against(port, "over tls\n", options);
	}

}
