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
        ConfigShape.requireKnown(section, "retrieval",
                Set.of("rateWindow", "freeTierBytesPerDay", "onDemandExpeditedPerFiveMinutes"));
        if (section.hasNonNull("rateWindow")) {
            settings = settings.withRateWindow(Durations.parse("config: retrieval.rateWindow",
                    section.get("rateWindow").asText()));
        }
        if (section.hasNonNull("freeTierBytesPerDay")) {
            settings = settings.withFreeTierBytesPerDay(ConfigShape.wholeNumber(section, "retrieval.",
                    "freeTierBytesPerDay", 0, Long.MAX_VALUE, 0));
        }
        if (section.hasNonNull("onDemandExpeditedPerFiveMinutes")) {
            settings = settings.withOnDemandExpedited((int) ConfigShape.wholeNumber(section, "retrieval.",
                    "onDemandExpeditedPerFiveMinutes", 0, Integer.MAX_VALUE, 0));
        }
        return settings;
    }
}
