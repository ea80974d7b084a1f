package io.tcpecho;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.tcpecho.client.ClientApplication;
import io.tcpecho.client.LineClient;
import io.tcpecho.connections.ConnectionRegistry;
import io.tcpecho.transport.NettyServerConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which beans each mode builds, who may close a connection, and which health group holds the
 * TCP server: the application's own configuration, without a web server or a client socket.
 */
class WiringTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		.withUserConfiguration(TcpEchoApplication.class)
		.withPropertyValues("echo.server.port=0");

	private final ReactiveWebApplicationContextRunner webContexts = new ReactiveWebApplicationContextRunner()
		.withInitializer(new ConfigDataApplicationContextInitializer())
		// as SpringApplication does, so that "read-only" binds to an endpoint's Access
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService(new ApplicationConversionService()))
		.withUserConfiguration(TcpEchoApplication.class)
		.withPropertyValues("echo.server.port=0");

	@Test
	void serverModeBuildsTheListenerAndItsTrackingButNoClient() {
		this.contexts.run((context) -> assertThat(context).hasSingleBean(NettyServerConnectionFactory.class)
			.hasSingleBean(ConnectionRegistry.class)
			.doesNotHaveBean(LineClient.class));
	}

	@Test
	void clientModeBuildsTheClientAndNoListener() {
		this.contexts.withPropertyValues("spring.profiles.active=client")
			.run((context) -> assertThat(context).hasSingleBean(LineClient.class)
				.doesNotHaveBean(NettyServerConnectionFactory.class)
				.doesNotHaveBean(ConnectionRegistry.class));
	}

	@Test
	void theClientAloneBuildsNoWebServerActuatorMetricsOrServer() {
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withUserConfiguration(ClientApplication.class)
			.withPropertyValues("spring.profiles.active=client", "echo.client.mode=batch")
			.run((context) -> assertThat(context).hasSingleBean(LineClient.class)
				.doesNotHaveBean(MeterRegistry.class)
				.doesNotHaveBean(WebEndpointsSupplier.class)
				.doesNotHaveBean(HealthEndpointGroups.class)
				.doesNotHaveBean(NettyServerConnectionFactory.class));
	}

	@Test
	void benchModeBuildsNeitherListenerNorClient() {
		this.contexts.withPropertyValues("spring.profiles.active=bench")
			.run((context) -> assertThat(context).doesNotHaveBean(NettyServerConnectionFactory.class)
				.doesNotHaveBean(LineClient.class));
	}

	@Test
	void connectionsCanBeListedButNotClosedByDefault() {
		this.webContexts.run((context) -> assertThat(connectionsOperations(context.getBean(WebEndpointsSupplier.class)))
			.containsExactly(OperationType.READ));
	}

	@Test
	void connectionsCanBeClosedWhenTheOperatorAllowsIt() {
		this.webContexts.withPropertyValues("management.endpoint.connections.access=unrestricted")
			.run((context) -> assertThat(connectionsOperations(context.getBean(WebEndpointsSupplier.class)))
				.containsExactlyInAnyOrder(OperationType.READ, OperationType.DELETE));
	}

	@Test
	void theTcpServerIsInReadinessAndNotInLiveness() {
		this.webContexts.run((context) -> {
			HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
			assertThat(groups.get("readiness").isMember("tcpServer")).isTrue();
			assertThat(groups.get("liveness").isMember("tcpServer")).isFalse();
		});
	}

	@Test
	void faultsCanBeListedButNotChangedByDefault() {
		this.webContexts.run((context) -> assertThat(operations(context.getBean(WebEndpointsSupplier.class), "faults"))
			.containsExactly(OperationType.READ));
	}

	@Test
	void faultsCanBeAddedAndClearedWhenTheOperatorAllowsIt() {
		this.webContexts.withPropertyValues("management.endpoint.faults.access=unrestricted")
			.run((context) -> assertThat(operations(context.getBean(WebEndpointsSupplier.class), "faults"))
				.containsExactlyInAnyOrder(OperationType.READ, OperationType.WRITE, OperationType.DELETE));
	}

	private static List<OperationType> connectionsOperations(WebEndpointsSupplier endpoints) {
		return operations(endpoints, "connections");
	}

	private static List<OperationType> operations(WebEndpointsSupplier endpoints, String id) {
		ExposableWebEndpoint connections = endpoints.getEndpoints()
			.stream()
			.filter((endpoint) -> endpoint.getEndpointId().equals(EndpointId.of(id)))
			.findFirst()
			.orElseThrow();
		return connections.getOperations().stream().map((operation) -> operation.getType()).toList();
	}

}
