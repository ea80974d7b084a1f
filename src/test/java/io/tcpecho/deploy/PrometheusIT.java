package io.tcpecho.deploy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.tcpecho.EchoSocket;
import io.tcpecho.PackagedJar;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus scrapes the packaged jar while it echoes, rejects and closes connections; every
 * expression of every dashboard panel and of every alert rule (less its threshold) must return
 * series. So the dashboard and the rules stay true to the meters.
 */
class PrometheusIT {

	static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

	static final Path DASHBOARD = Path.of("deploy/grafana/tcp-echo-dashboard.json");

	static final Path RULES = Path.of("deploy/prometheus/tcp-echo-rules.yml");

	/** An alert's expression and its threshold, such as {@code ... > 0.9} or {@code up == 0}. */
	static final Pattern THRESHOLD = Pattern.compile("(?s)^(.*?)\\s*(>|<|==|!=|>=|<=)\\s*[0-9.]+\\s*$");

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void everyPanelAndRuleExpressionHasSeriesFromARealScrape() throws Exception {
		assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus (Debian's package) is not installed");
		int managementPort = PackagedJar.freePort();
		int prometheusPort = PackagedJar.freePort();
		Path work = Files.createTempDirectory("prometheus");
		Files.writeString(work.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: tcp-echo
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(RULES.toAbsolutePath(), managementPort));
		ExecutorService traffic = Executors.newSingleThreadExecutor();
		List<EchoSocket> held = new ArrayList<>();
		try (PackagedJar server = PackagedJar.start("--echo.server.port=0", "--management.server.port=" + managementPort,
				"--echo.server.max-connections=3",
				"--management.metrics.distribution.percentiles-histogram.echo.latency=true")) {
			int echoPort = server.awaitListeningPort();
			Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + work.resolve("prometheus.yml"),
					"--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
				.redirectErrorStream(true)
				.redirectOutput(work.resolve("prometheus.log").toFile())
				.start();
			try {
				// lines all along, so that rates and the latency histogram have something to say
				EchoSocket steady = new EchoSocket(echoPort);
				held.add(steady);
				assertThat(steady.write("first\r\n").readLineUtf8()).isEqualTo("first");
				traffic.submit(() -> {
					for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
						steady.write("line %d\r\n".formatted(i)).readLine();
						Thread.sleep(50);
					}
					return null;
				});
				// the limit is 3: two more are admitted, the fourth is rejected, and one admitted closes
				EchoSocket closing = new EchoSocket(echoPort);
				held.add(new EchoSocket(echoPort));
				assertThat(closing.write("x\r\n").readLineUtf8()).isEqualTo("x");
				try (EchoSocket rejected = new EchoSocket(echoPort)) {
					assertThat(rejected.isClosedByPeer()).isTrue();
				}
				closing.close();

				List<String> expressions = expressions();
				assertThat(expressions).hasSizeGreaterThan(15);
				for (String expression : expressions) {
					await().atMost(Duration.ofSeconds(90))
						.pollInterval(Duration.ofSeconds(1))
						.alias(expression)
						.until(() -> seriesOf(prometheusPort, expression) > 0);
				}
			}
			finally {
				prometheus.destroy();
				prometheus.waitFor();
			}
		}
		finally {
			traffic.shutdownNow();
			for (EchoSocket socket : held) {
				socket.close();
			}
		}
	}

	/** Every panel's expression, with Grafana's rate interval, and every rule's, less its threshold. */
	@SuppressWarnings("unchecked")
	private static List<String> expressions() throws Exception {
		List<String> expressions = new ArrayList<>(
				JsonPath.<List<String>>read(Files.readString(DASHBOARD), "$.panels[*].targets[*].expr"));
		expressions.replaceAll((expression) -> expression.replace("$__rate_interval", "1m"));
		Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				Matcher threshold = THRESHOLD.matcher(rule.get("expr").toString());
				assertThat(threshold.matches()).as("%s has a threshold", rule.get("alert")).isTrue();
				expressions.add(threshold.group(1));
			}
		}
		return expressions;
	}

	private int seriesOf(int prometheusPort, String expression) throws Exception {
		URI query = URI.create("http://127.0.0.1:%d/api/v1/query?query=%s".formatted(prometheusPort,
				URLEncoder.encode(expression, StandardCharsets.UTF_8)));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(query).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			return 0;
		}
		return JsonPath.<List<Object>>read(response.body(), "$.data.result").size();
	}

}
