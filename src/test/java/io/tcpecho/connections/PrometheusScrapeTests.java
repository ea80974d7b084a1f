package io.tcpecho.connections;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tcpecho.EchoSocket;
import io.tcpecho.Http;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Prometheus scrapes: a latency histogram whose buckets start where echoes are, and echo
 * families that Prometheus's own linter finds nothing wrong with.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "echo.server.port=0", "management.server.port=0",
				"management.metrics.distribution.percentiles-histogram.echo.latency=true" })
class PrometheusScrapeTests {

	/** The name of each family, as its TYPE line gives it; counters end in _total in the samples. */
	private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE (echo_\\w+) (\\w+)$");

	private static final Pattern LATENCY_BUCKET = Pattern.compile("(?m)^echo_latency_seconds_bucket\\{.*le=\"([^\"]+)\"");

	@Autowired
	NettyServerConnectionFactory factory;

	@Value("${local.management.port}")
	int managementPort;

	@Test
	void latencyBucketsStartAtTenMicroseconds() throws Exception {
		double smallest = Double.MAX_VALUE;
		Matcher bucket = LATENCY_BUCKET.matcher(scrapeAfterAnEcho());
		while (bucket.find()) {
			if (!bucket.group(1).equals("+Inf")) {
				smallest = Math.min(smallest, Double.parseDouble(bucket.group(1)));
			}
		}
		assertThat(smallest).isBetween(1.0e-5, 1.5e-5);
	}

	@Test
	void promtoolFindsNothingWrongWithTheEchoFamilies() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool (Debian's prometheus) is not installed");
		Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
		try (var stdin = promtool.getOutputStream()) {
			stdin.write(scrapeAfterAnEcho().getBytes(StandardCharsets.UTF_8));
		}
		String findings = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		promtool.waitFor();
		assertThat(findings.lines().filter((line) -> line.contains("echo_"))).isEmpty();
	}

	@Test
	void everyEchoFamilyOfTheScrapeIsOnTheDashboard() throws Exception {
		String dashboard = Files.readString(Path.of("deploy/grafana/tcp-echo-dashboard.json"));
		Matcher family = FAMILY.matcher(scrapeAfterAnEcho());
		List<String> families = new ArrayList<>();
		while (family.find()) {
			families.add(family.group(1));
		}
		assertThat(families).contains("echo_drain_forced_connections_total")
			.allSatisfy((name) -> assertThat(dashboard).as("a panel showing %s", name).contains(name));
	}

	private String scrapeAfterAnEcho() throws Exception {
		try (EchoSocket socket = new EchoSocket(this.factory.getPort())) {
			socket.write("scraped\r\n").readLine();
		}
		return Http.get(this.managementPort, "/actuator/prometheus").body();
	}

}
