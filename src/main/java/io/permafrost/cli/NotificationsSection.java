package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.notify.NotificationTargets;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the config file's {@code notifications} section:
 * <pre>
 * "notifications": {
 *   "topics": {"arn:aws:sns:us-east-1:111122223333:restores": ["http://127.0.0.1:9000/hook"]},
 *   "maxAttempts": 8, "initialBackoff": "1s", "maxBackoff": "5m", "requestTimeout": "10s"
 * }
 * </pre>
 * A topic maps to one endpoint (a string) or several (an array). Anything malformed stops the start
 * with a message naming it, rather than silently losing notifications later.
 */
final class NotificationsSection {
    private NotificationsSection() {
    }

    static NotificationTargets read(JsonNode section) {
        NotificationTargets defaults = NotificationTargets.none();
        if (section == null || section.isNull()) {
            return defaults;
        }
        ConfigShape.requireKnown(section, "notifications",
                Set.of("topics", "maxAttempts", "initialBackoff", "maxBackoff", "requestTimeout"));
        Map<String, List<URI>> topics = new LinkedHashMap<>();
        JsonNode topicsNode = section.path("topics");
        for (Map.Entry<String, JsonNode> entry : topicsNode.properties()) {
            List<URI> endpoints = new ArrayList<>();
            if (entry.getValue().isArray()) {
                entry.getValue().forEach(url -> endpoints.add(endpoint(entry.getKey(), url.asText())));
            } else {
                endpoints.add(endpoint(entry.getKey(), entry.getValue().asText()));
            }
            topics.put(entry.getKey(), endpoints);
        }
        return new NotificationTargets(topics,
                (int) ConfigShape.wholeNumber(section, "notifications.", "maxAttempts", 1, Integer.MAX_VALUE,
                        defaults.maxAttempts()),
                duration(section, "initialBackoff", defaults.initialBackoff()),
                duration(section, "maxBackoff", defaults.maxBackoff()),
                duration(section, "requestTimeout", defaults.requestTimeout()));
    }

    private static URI endpoint(String topic, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StartupException("config: notifications: endpoint of " + topic + " is not a URL: " + url);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                || uri.getHost() == null) {
            throw new StartupException("config: notifications: endpoint of " + topic
                    + " must be an absolute http(s) URL: " + url);
        }
        return uri;
    }

    private static java.time.Duration duration(JsonNode section, String member, java.time.Duration fallback) {
        return section.hasNonNull(member)
                ? Durations.parse("config: notifications." + member, section.get(member).asText()) : fallback;
    }
}
