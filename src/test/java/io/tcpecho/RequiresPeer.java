package io.tcpecho;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Tests that talk to a real peer program: where it is not installed, each shows as skipped, with
 * the reason, rather than as no test at all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPeer.Condition.class)
public @interface RequiresPeer {

	/** The program's path, such as {@code /usr/sbin/haproxy}. */
	String value();

	/** Where it comes from, for the reason. */
	String from();

	/** Skips the tests of a class whose peer is missing. */
	class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RequiresPeer.class)
				.filter((peer) -> !Files.isExecutable(Path.of(peer.value())))
				.map((peer) -> ConditionEvaluationResult.disabled(peer.value() + " is not installed (" + peer.from()
						+ "); .ci/run installs it"))
				.orElse(ConditionEvaluationResult.enabled("its peer is installed"));
		}

	}

}
