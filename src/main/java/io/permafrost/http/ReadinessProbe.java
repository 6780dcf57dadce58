package io.permafrost.http;

import java.util.Map;

/** Answers {@code /health/ready}: whether the server can serve requests now, and if not why. */
@FunctionalInterface
public interface ReadinessProbe {
    Readiness check();

    /**
     * @param problems what is not ready, by component ("metadata", "blobs", "complianceClock"); empty when ready
     * @param details  shown either way (the compliance clock's disagreement with the system clock)
     */
    record Readiness(Map<String, String> problems, Map<String, Object> details) {
        public boolean ready() {
            return problems.isEmpty();
        }
    }
}
