package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.vault.InventorySettings;

import java.util.Set;

/**
 * Reads the config file's {@code inventory} section (inventory freshness, docs/jobs.md):
 * <pre>
 * "inventory": {"mode": "scheduled", "interval": "24h"}
 * </pre>
 * {@code mode} is {@code per-job} (default: each inventory job reads the vault when it completes) or
 * {@code scheduled} (every vault is snapshotted each {@code interval}, default 24h, and jobs return
 * the latest snapshot).
 */
final class InventorySection {
    private InventorySection() {
    }

    static InventorySettings read(JsonNode section) {
        InventorySettings settings = InventorySettings.defaults();
        if (section == null || section.isNull()) {
            return settings;
        }
        ConfigShape.requireKnown(section, "inventory", Set.of("mode", "interval"));
        InventorySettings.Mode mode = settings.mode();
        if (section.hasNonNull("mode")) {
            mode = switch (section.get("mode").asText()) {
                case "per-job" -> InventorySettings.Mode.PER_JOB;
                case "scheduled" -> InventorySettings.Mode.SCHEDULED;
                default -> throw new StartupException("config: inventory.mode must be \"per-job\" or \"scheduled\", not \""
                        + section.get("mode").asText() + "\"");
            };
        }
        return new InventorySettings(mode, section.hasNonNull("interval")
                ? Durations.parse("config: inventory.interval", section.get("interval").asText()) : settings.interval());
    }
}
