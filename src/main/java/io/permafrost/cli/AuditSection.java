package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Reads the config file's {@code audit} section (docs/audit.md):
 * <pre>
 * "audit": {"enabled": true, "checkpointEvery": 1000, "checkpointInterval": "60s", "signingKey": "/etc/permafrost/audit-key"}
 * </pre>
 * The {@code --audit-key} flag wins over {@code signingKey}.
 */
final class AuditSection {
    private static final Set<String> MEMBERS = Set.of("enabled", "checkpointEvery", "checkpointInterval", "signingKey");

    private AuditSection() {
    }

    static AuditSettings read(JsonNode section, Path keyFlag) {
        AuditSettings settings = AuditSettings.defaults();
        if (section != null && !section.isNull()) {
            ConfigShape.requireKnown(section, "audit", MEMBERS);
            if (section.has("enabled") && !section.get("enabled").isBoolean()) {
                throw new StartupException("config: audit.enabled must be true or false");
            }
            if (section.has("enabled") && !section.get("enabled").asBoolean()) {
                settings = settings.off();
            }
            int every = (int) ConfigShape.wholeNumber(section, "audit.", "checkpointEvery", 1, 1_000_000,
                    AuditSettings.DEFAULT_CHECKPOINT_EVERY);
            Duration interval = section.hasNonNull("checkpointInterval")
                    ? Durations.parse("config: audit.checkpointInterval", section.get("checkpointInterval").asText())
                    : AuditSettings.DEFAULT_CHECKPOINT_INTERVAL;
            if (interval.isNegative() || interval.isZero()) {
                throw new StartupException("config: audit.checkpointInterval must be positive");
            }
            settings = settings.withCheckpoints(every, interval);
            if (section.hasNonNull("signingKey")) {
                settings = settings.withSigningKey(Path.of(section.get("signingKey").asText()));
            }
        }
        return keyFlag != null ? settings.withSigningKey(keyFlag) : settings;
    }
}
