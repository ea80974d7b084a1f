package io.tcpecho;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;

/**
 * Undoes what an application run in the test JVM left in the JVM-wide logging: Spring Boot keeps
 * settings such as the client's {@code logging.threshold.console=off} or a structured format in
 * system properties and in Logback, where the next context to start would inherit them.
 */
public final class InProcessLogging {

	private InProcessLogging() {
	}

	/** Lets the next context to start configure logging afresh from its own properties. */
	public static void reset() {
		for (LoggingSystemProperty property : LoggingSystemProperty.values()) {
			System.clearProperty(property.getEnvironmentVariableName());
		}
		LoggingSystem.get(InProcessLogging.class.getClassLoader()).cleanUp();
	}

}
