package io.permafrost.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that inspects or damages what only the embedded backend has (SQLite rows, the data directory's
 * files and identity, kill -9 of a server process on its data directory): disabled, with the reason given,
 * when the run asks for {@code -Dpermafrost.test.backend=cluster}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(EmbeddedOnly.Condition.class)
public @interface EmbeddedOnly {
    /** Why the test needs the embedded backend. */
    String value();

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!TestServer.clusterRequested()) {
                return ConditionEvaluationResult.enabled("embedded backend");
            }
            return context.getElement()
                    .flatMap(element -> AnnotationSupport.findAnnotation(element, EmbeddedOnly.class))
                    .map(only -> ConditionEvaluationResult.disabled("embedded only: " + only.value()))
                    .orElse(ConditionEvaluationResult.enabled("not embedded-only"));
        }
    }
}
