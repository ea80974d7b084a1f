package io.tcpecho.management;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Says what to set instead when {@code management.server.address} stops the start: Actuator
 * shares tcp-echo's one web server, and Spring Boot takes that address only for a management
 * server of its own.
 */
class SharedManagementAddressFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

	private final Environment environment;

	SharedManagementAddressFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	/** Only where the configuration is the one Spring Boot refuses: an address, and no port of Actuator's own. */
	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
		String address = this.environment.getProperty("management.server.address");
		String managementPort = this.environment.getProperty("management.server.port");
		String serverPort = this.environment.getProperty("server.port", "8080");
		if (address == null || (managementPort != null && !Objects.equals(managementPort, serverPort))) {
			return null;
		}
		return new FailureAnalysis(
				"management.server.address=%s cannot apply: Actuator is served by tcp-echo's one web server (server.port follows management.server.port), and Spring Boot takes management.server.address only for a management server on a port of its own."
					.formatted(address),
				"Set server.address instead, for example --server.address=%s: it binds the web server, and so Actuator, to that address alone."
					.formatted(address),
				cause);
	}

}
