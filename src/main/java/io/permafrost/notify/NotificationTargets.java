package io.permafrost.notify;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where notifications for each SNS topic ARN go, and how hard delivery tries.
 *
 * <p>Config file form (section {@code notifications}):
 * <pre>
 * {"topics": {"arn:aws:sns:us-east-1:111122223333:restores": ["http://127.0.0.1:9000/hook"]},
 *  "maxAttempts": 8, "initialBackoff": "1s", "maxBackoff": "5m", "requestTimeout": "10s"}
 * </pre>
 * A topic with no entry is logged and dropped.
 *
 * @param topics topic ARN -> HTTP(S) endpoints, each receiving every message of the topic
 * @param maxAttempts attempts per message, the first included (a message is retried to all of its
 *                    topics' endpoints when one of them did not take it: at least once)
 * @param initialBackoff wait before the second attempt; doubled after each failure
 * @param maxBackoff the longest wait between two attempts
 * @param requestTimeout how long one POST may take before it counts as failed
 */
public record NotificationTargets(Map<String, List<URI>> topics, int maxAttempts, Duration initialBackoff,
                                  Duration maxBackoff, Duration requestTimeout) {

    public NotificationTargets {
        Map<String, List<URI>> copy = new LinkedHashMap<>();
        topics.forEach((topic, endpoints) -> copy.put(topic, List.copyOf(endpoints)));
        topics = Map.copyOf(copy);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** No topic mapped (every notification is only logged); 8 attempts backing off from 1 s to 5 min. */
    public static NotificationTargets none() {
        return of(Map.of());
    }

    public static NotificationTargets of(Map<String, List<URI>> topics) {
        return new NotificationTargets(topics, 8, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    public NotificationTargets withRetries(int attempts, Duration initial, Duration max) {
        return new NotificationTargets(topics, attempts, initial, max, requestTimeout);
    }

    public NotificationTargets withRequestTimeout(Duration timeout) {
        return new NotificationTargets(topics, maxAttempts, initialBackoff, maxBackoff, timeout);
    }

    /** The wait before attempt {@code attempt + 1} after {@code attempt} failures: doubling, capped. */
    public Duration backoffAfter(int attempt) {
        Duration delay = initialBackoff;
        for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
