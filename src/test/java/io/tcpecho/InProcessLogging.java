package io.tcpecho;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;

/**
 * Undoes what an application run in the test JVM left in the JVM-wide logging: Spring Boot keeps
 * settings such as the client's {@code logging.threshold.console=off} or a structured format in
 * system properties and in Logback, where the next context to start would inherit them. As a
 * JUnit extension it does so before and after a test class.
 */
public final class InProcessLogging implements BeforeAllCallback, AfterAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		reset();
	}

	/** Lets the next context to start configure logging afresh from its own properties. */
	public static void reset() {
		for (LoggingSystemProperty property : LoggingSystemProperty.values()) {
			System.clearProperty(property.getEnvironmentVariableName());
		}
		LoggingSystem.get(InProcessLogging.class.getClassLoader()).cleanUp();
	}

}
