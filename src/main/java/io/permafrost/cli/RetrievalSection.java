package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.vault.RetrievalSettings;

import java.util.Set;

/**
 * Reads the config file's {@code retrieval} section (spec 17.3, 18.3):
 * <pre>
 * "retrieval": {"rateWindow": "4h", "freeTierBytesPerDay": 357913941, "onDemandExpeditedPerFiveMinutes": 10}
 * </pre>
 * Absent members keep their defaults; {@code onDemandExpeditedPerFiveMinutes} absent means Expedited
 * retrievals are never refused.
 */
final class RetrievalSection {
    private RetrievalSection() {
    }

    static RetrievalSettings read(JsonNode section) {
        RetrievalSettings settings = RetrievalSettings.defaults();
        if (section == null || section.isNull()) {
            return settings;
        }
        ConfigMembers.requireKnown(section, "retrieval",
                Set.of("rateWindow", "freeTierBytesPerDay", "onDemandExpeditedPerFiveMinutes"));
        if (section.hasNonNull("rateWindow")) {
            settings = settings.withRateWindow(Durations.parse("config: retrieval.rateWindow",
                    section.get("rateWindow").asText()));
        }
        if (section.hasNonNull("freeTierBytesPerDay")) {
            settings = settings.withFreeTierBytesPerDay(section.get("freeTierBytesPerDay").asLong());
        }
        if (section.hasNonNull("onDemandExpeditedPerFiveMinutes")) {
            int limit = section.get("onDemandExpeditedPerFiveMinutes").asInt();
            if (limit < 0) {
                throw new StartupException("config: retrieval.onDemandExpeditedPerFiveMinutes must not be negative");
            }
            settings = settings.withOnDemandExpedited(limit);
        }
        return settings;
    }
}
