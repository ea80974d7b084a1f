package io.tcpecho.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The alert rules: valid for Prometheus, unit-tested alert by alert with promtool, the same in the
 * rules file and the Prometheus Operator's PrometheusRule, and each telling the reader what to do.
 */
class AlertRulesTests {

	static final Path RULES = Path.of("deploy/prometheus/tcp-echo-rules.yml");

	static final Path OPERATOR_RULES = Path.of("deploy/kubernetes/prometheus-operator/prometheusrule.yaml");

	static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	@Test
	void theRulesFileAndThePrometheusRuleHoldTheSameGroups() throws IOException {
		Map<String, Object> operator = load(OPERATOR_RULES);
		assertThat(operator).containsEntry("kind", "PrometheusRule");
		assertThat(((Map<?, ?>) operator.get("spec")).get("groups")).isEqualTo(load(RULES).get("groups"));
	}

	@Test
	void everyAlertSaysWhatHappenedAndWhatToDo() throws IOException {
		assertThat(rules()).isNotEmpty().allSatisfy((rule) -> {
			Map<?, ?> annotations = (Map<?, ?>) rule.get("annotations");
			assertThat((String) annotations.get("summary")).as("%s summary", rule.get("alert")).isNotBlank();
			assertThat((String) annotations.get("description")).as("%s description", rule.get("alert")).isNotBlank();
		});
	}

	@Test
	void promtoolFindsTheRulesValid() throws Exception {
		assertThat(promtool("check", "rules", RULES.getFileName().toString())).contains("SUCCESS: 8 rules found");
	}

	@Test
	void everyAlertFiresOrStaysSilentAsItsUnitTestSays() throws Exception {
		String tested = Files.readString(Path.of("deploy/prometheus/tcp-echo-rules.test.yml"));
		assertThat(rules()).allSatisfy((rule) -> assertThat(tested).contains("alertname: " + rule.get("alert")));
		assertThat(promtool("test", "rules", "tcp-echo-rules.test.yml")).contains("SUCCESS");
	}

	/** Runs promtool in deploy/prometheus and returns what it printed; fails on a non-zero exit. */
	private static String promtool(String... args) throws Exception {
		assumeTrue(Files.isExecutable(PROMTOOL), "promtool (Debian's prometheus) is not installed");
		List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		return output;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		List<Map<String, Object>> groups = (List<Map<String, Object>>) load(RULES).get("groups");
		return groups.stream().flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream()).toList();
	}

	private static Map<String, Object> load(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

}
