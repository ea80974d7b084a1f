package io.tcpecho.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tcpecho.server.EchoServerProperties;
import io.tcpecho.server.ListenerProperties;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests and the Dockerfile agree with the application's own defaults.
 */
class KubernetesManifestTests {

	static final Path MANIFESTS = Path.of("deploy/kubernetes");

	final PropertySource<?> app = applicationYml("application.yml");

	final PropertySource<?> tlsProfile = applicationYml("application-tls.yml");

	final Map<String, Object> deployment = load("deployment.yaml");

	final Map<String, Object> container = first(list(at(this.deployment, "spec.template.spec.containers")));

	@Test
	void containerPortsAreTheApplicationsPorts() {
		assertThat(containerPort("echo")).isEqualTo(echoPort());
		assertThat(containerPort("management")).isEqualTo(intProperty("management.server.port"));
	}

	@Test
	void probesUseTheActuatorProbePathsOnTheManagementPort() {
		assertThat(at(this.container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(this.container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(at(this.container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(at(this.container, probe + ".httpGet.port")).isEqualTo("management");
			// the first answer of a cold JVM under load takes longer than Kubernetes' default of 1 s
			assertThat((Integer) at(this.container, probe + ".timeoutSeconds")).isGreaterThanOrEqualTo(3);
		}
		assertThat(this.app.getProperty("management.endpoint.health.probes.enabled")).isEqualTo(true);
	}

	@Test
	void gracePeriodCoversThePreStopPauseTheDrainDeadlineAndTheLinger() {
		List<Object> preStop = list(at(this.container, "lifecycle.preStop.exec.command"));
		assertThat(preStop.get(0)).isEqualTo("sleep");
		long pause = Long.parseLong(preStop.get(1).toString());
		// as the application binds them: application.yml over the record's defaults
		EchoServerProperties.Shutdown shutdown = new Binder(ConfigurationPropertySources.from(this.app))
			.bindOrCreate("echo.server", EchoServerProperties.class)
			.shutdown();
		int grace = (Integer) at(this.deployment, "spec.template.spec.terminationGracePeriodSeconds");
		assertThat(pause).isPositive();
		assertThat(Duration.ofSeconds(grace)).as("grace period against preStop + shutdown.timeout + linger + 2 s")
			.isGreaterThanOrEqualTo(shutdown.timeout().plus(shutdown.linger()).plusSeconds(pause).plusSeconds(2));
	}

	@Test
	void preStopPauseLastsAtLeastAsLongAsReadinessTakesToFail() {
		long pause = Long.parseLong(list(at(this.container, "lifecycle.preStop.exec.command")).get(1).toString());
		int period = (Integer) at(this.container, "readinessProbe.periodSeconds");
		int threshold = (Integer) at(this.container, "readinessProbe.failureThreshold");
		assertThat(pause).as("preStop pause against readiness period x failure threshold")
			.isGreaterThanOrEqualTo((long) period * threshold);
	}

	@Test
	void rollingUpdateRemovesNoReplicaBeforeItsSuccessorIsReady() {
		assertThat(at(this.deployment, "spec.strategy.type")).isEqualTo("RollingUpdate");
		assertThat(at(this.deployment, "spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);
	}

	@Test
	void runsAsTheImagesNonRootUserOnAReadOnlyRootFilesystem() throws IOException {
		assertThat(at(this.deployment, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(at(this.container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(at(this.container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(dockerfile());
		assertThat(user.find()).isTrue();
		assertThat(at(this.deployment, "spec.template.spec.securityContext.runAsUser"))
			.isEqualTo(Integer.parseInt(user.group(1)));
		assertThat(at(this.container, "resources.requests.memory")).isNotNull();
		assertThat(at(this.container, "resources.limits.memory")).isNotNull();
	}

	@Test
	void serviceAndDockerfileExposeTheSamePorts() throws IOException {
		Map<String, Object> service = load("service.yaml");
		Map<String, Object> port = first(list(at(service, "spec.ports")));
		assertThat(port.get("port")).isEqualTo(echoPort());
		assertThat(port.get("targetPort")).isEqualTo("echo");
		assertThat(dockerfile()).containsPattern("(?m)^EXPOSE .*\\b" + echoPort() + "\\b")
			.containsPattern("(?m)^EXPOSE .*\\b" + intProperty("management.server.port") + "\\b");
		assertThat(at(load("pdb.yaml"), "spec.selector.matchLabels"))
			.isEqualTo(at(this.deployment, "spec.selector.matchLabels"));
	}

	@Test
	void theUdpListenerIsNamedInTheDeploymentServiceAndDockerfileOnTheEchoPortNumber() throws IOException {
		Object configured = new PropertySourcesPlaceholdersResolver(List.of(this.app))
			.resolvePlaceholders(this.app.getProperty("echo.listeners.udp.port"));
		int udp = Integer.parseInt(String.valueOf(configured));
		assertThat(udp).isEqualTo(echoPort());
		assertThat(this.app.getProperty("echo.listeners.udp.protocol")).hasToString("udp");
		assertThat(list(this.container.get("ports")).stream().map(KubernetesManifestTests::map))
			.anySatisfy((port) -> assertThat(port).containsEntry("name", "echo-udp")
				.containsEntry("containerPort", udp)
				.containsEntry("protocol", "UDP"));
		assertThat(list(at(load("service.yaml"), "spec.ports")).stream().map(KubernetesManifestTests::map))
			.anySatisfy((port) -> assertThat(port).containsEntry("name", "echo-udp")
				.containsEntry("port", udp)
				.containsEntry("targetPort", "echo-udp")
				.containsEntry("protocol", "UDP"));
		assertThat(dockerfile()).containsPattern("(?m)^EXPOSE .*\\b" + udp + "/udp\\b");
	}

	@Test
	void theTlsListenerOfTheTlsProfileIsNamedInTheDeploymentServiceAndDockerfile() throws IOException {
		int tls = Integer.parseInt(String.valueOf(this.tlsProfile.getProperty("echo.listeners.tls.port")));
		assertThat(containerPort("tls")).isEqualTo(tls);
		Map<String, Object> servicePort = list(at(load("service.yaml"), "spec.ports")).stream()
			.map(KubernetesManifestTests::map)
			.filter((port) -> "tls".equals(port.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(servicePort).containsEntry("port", tls).containsEntry("targetPort", "tls");
		assertThat(dockerfile()).containsPattern("(?m)^EXPOSE .*\\b" + tls + "\\b");
		assertThat(list(this.container.get("env")).stream().map(KubernetesManifestTests::map))
			.anySatisfy((env) -> assertThat(env).containsEntry("name", "SPRING_PROFILES_ACTIVE")
				.containsEntry("value", "tls"));
		// the bundle reads the files where the deployment mounts the secret
		String mount = list(this.container.get("volumeMounts")).stream()
			.map(KubernetesManifestTests::map)
			.filter((volume) -> "tls".equals(volume.get("name")))
			.map((volume) -> (String) volume.get("mountPath"))
			.findFirst()
			.orElseThrow();
		assertThat(String.valueOf(this.tlsProfile.getProperty("spring.ssl.bundle.pem.echo-tls.keystore.certificate")))
			.contains("file:" + mount + "/tls.crt");
		assertThat(String.valueOf(this.tlsProfile.getProperty("spring.ssl.bundle.pem.echo-tls.keystore.private-key")))
			.contains("file:" + mount + "/tls.key");
	}

	private int containerPort(String name) {
		return list(this.container.get("ports")).stream()
			.map(KubernetesManifestTests::map)
			.filter((port) -> name.equals(port.get("name")))
			.map((port) -> (Integer) port.get("containerPort"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void theAutoscalerScalesTheDeploymentAndScalesInSlowerThanAPodDrains() {
		Map<String, Object> hpa = load("hpa.yaml");
		assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(at(this.deployment, "metadata.name"));
		int grace = (Integer) at(this.deployment, "spec.template.spec.terminationGracePeriodSeconds");
		assertThat((Integer) at(hpa, "spec.behavior.scaleDown.stabilizationWindowSeconds")).isGreaterThan(grace);
		assertThat((Integer) at(hpa, "spec.minReplicas")).isGreaterThanOrEqualTo(2);
	}

	/** The echo port as the application binds it: application.yml over the record's default. */
	private int echoPort() {
		return new Binder(ConfigurationPropertySources.from(this.app))
			.bindOrCreate("echo.server", ListenerProperties.class)
			.port();
	}

	private int intProperty(String name) {
		return Integer.parseInt(String.valueOf(this.app.getProperty(name)));
	}

	private static String dockerfile() throws IOException {
		return Files.readString(Path.of("Dockerfile"));
	}

	private static PropertySource<?> applicationYml(String name) {
		try {
			return new YamlPropertySourceLoader().load(name, new ClassPathResource(name)).get(0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> load(String file) {
		try {
			return new Yaml().load(Files.readString(MANIFESTS.resolve(file)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Object at(Map<String, Object> yaml, String path) {
		Object node = yaml;
		for (String key : path.split("\\.")) {
			node = map(node).get(key);
		}
		return node;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object node) {
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object node) {
		return (List<Object>) node;
	}

	private static Map<String, Object> first(List<Object> nodes) {
		return map(nodes.get(0));
	}

}
