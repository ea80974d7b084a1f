package io.tcpecho.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.InProcessLogging;
import io.tcpecho.TcpEchoApplication;
import io.tcpecho.udp.DatagramListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench --protocol=udp} against the real server's UDP listeners: every datagram checked,
 * and the lost ones counted.
 */
@SpringBootTest(properties = { "echo.server.port=0", "echo.listeners.lossy.protocol=udp",
		"echo.listeners.lossy.port=0", "echo.listeners.lossy.faults[0].type=drop",
		"echo.listeners.lossy.faults[0].probability=0.1", "echo.listeners.lossy.faults[0].seed=5",
		"echo.listeners.cut.protocol=udp", "echo.listeners.cut.port=0", "echo.listeners.cut.faults[0].type=truncate",
		"echo.listeners.cut.faults[0].bytes=20" })
@ExtendWith(InProcessLogging.class)
class DatagramBenchTests {

	@Autowired
	@Qualifier("echoDatagramListener-udp")
	DatagramListener udp;

	@Autowired
	@Qualifier("echoDatagramListener-lossy")
	DatagramListener lossy;

	@Autowired
	@Qualifier("echoDatagramListener-cut")
	DatagramListener cut;

	@TempDir
	Path directory;

	@Test
	void checksEveryDatagramOfEachFlowAndLosesNone() throws Exception {
		Path json = this.directory.resolve("udp.json");
		long before = this.udp.stats().received();
		Result run = bench(this.udp.port(), "--connections=4", "--in-flight=4", "--count=4000", "--payload-size=100B",
				"--report=" + json);
		assertThat(run.exit()).as(run.out()).isZero();
		assertThat(run.out()).contains("4,000 lines echoed").contains("RESULT_UDP sent=4000 lost=0");
		assertThat(this.udp.stats().received() - before).isEqualTo(4000);
		assertThat(this.udp.flows().stream().filter((flow) -> flow.datagramsIn() == 1000)).hasSizeGreaterThanOrEqualTo(4);
		String report = Files.readString(json);
		assertThat(JsonPath.<String>read(report, "$.protocol")).isEqualTo("udp");
		assertThat(JsonPath.<Integer>read(report, "$.totals.lost")).isZero();
	}

	@Test
	void countsTheDatagramsNeverEchoedAsLost() {
		long dropped = this.lossy.stats().dropped(io.tcpecho.udp.DropReason.FAULT_DROP);
		Result run = bench(this.lossy.port(), "--connections=2", "--in-flight=8", "--count=2000", "--reply-timeout=300ms");
		long droppedNow = this.lossy.stats().dropped(io.tcpecho.udp.DropReason.FAULT_DROP) - dropped;
		assertThat(run.exit()).as(run.out()).isZero();
		assertThat(droppedNow).isPositive();
		assertThat(run.out()).contains("RESULT_UDP sent=2000 lost=" + droppedNow + " ");
	}

	@Test
	void anEchoCutShortIsAnErrorAndExitsOne() {
		Result run = bench(this.cut.port(), "--connections=1", "--count=10", "--payload-size=64B");
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.out()).contains("errors=10");
	}

	private static Result bench(int port, String... options) {
		String[] args = new String[options.length + 3];
		args[0] = "127.0.0.1";
		args[1] = String.valueOf(port);
		args[2] = "--protocol=udp";
		System.arraycopy(options, 0, args, 3, options.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = TcpEchoApplication.runBench(args, new PrintStream(out, true), System.err);
		return new Result(exit, out.toString(StandardCharsets.UTF_8));
	}

	private record Result(int exit, String out) {
	}

}
