package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.vault.JobSettings;

import java.time.Duration;
import java.util.Set;

/**
 * Reads the config file's {@code jobs} section (job timing, spec 10.2, docs/jobs.md):
 * <pre>
 * "jobs": {"profile": "realistic", "standardDelay": "30m", "retention": "48h"}
 * </pre>
 * {@code profile} picks the starting values: {@code immediate} (default: a job completes as soon as
 * its work is done) or {@code realistic} (AWS's typical times: Expedited 5m, Standard 4h, Bulk 8h,
 * inventory 4h). {@code expeditedDelay}, {@code standardDelay}, {@code bulkDelay},
 * {@code inventoryDelay} and {@code retention} then override single values.
 */
final class JobsSection {
    private static final Set<String> MEMBERS = Set.of("profile", "expeditedDelay", "standardDelay", "bulkDelay",
            "inventoryDelay", "retention");

    private JobsSection() {
    }

    static JobSettings read(JsonNode section) {
        if (section == null || section.isNull()) {
            return JobSettings.defaults();
        }
        ConfigShape.requireKnown(section, "jobs", MEMBERS);
        String profile = section.hasNonNull("profile") ? section.get("profile").asText() : "immediate";
        JobSettings base = switch (profile) {
            case "immediate" -> JobSettings.defaults();
            case "realistic" -> JobSettings.realistic();
            default -> throw new StartupException("config: jobs.profile must be \"immediate\" or \"realistic\", not \""
                    + profile + "\"");
        };
        return new JobSettings(
                duration(section, "expeditedDelay", base.expeditedDelay()),
                duration(section, "standardDelay", base.standardDelay()),
                duration(section, "bulkDelay", base.bulkDelay()),
                duration(section, "inventoryDelay", base.inventoryDelay()),
                duration(section, "retention", base.retention()));
    }

    private static Duration duration(JsonNode section, String member, Duration fallback) {
        if (!section.hasNonNull(member)) {
            return fallback;
        }
        Duration value = Durations.parse("config: jobs." + member, section.get(member).asText());
        if (value.isNegative()) {
            throw new StartupException("config: jobs." + member + " must not be negative");
        }
        return value;
    }
}
