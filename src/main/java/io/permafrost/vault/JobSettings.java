package io.permafrost.vault;

import java.time.Duration;

/**
 * Job timing: how long each tier takes before a job completes, and how long completed jobs stay.
 * Default: done as soon as the work is done; output kept 24 hours.
 */
public record JobSettings(Duration expeditedDelay, Duration standardDelay, Duration bulkDelay,
                          Duration inventoryDelay, Duration retention) {

    public static JobSettings defaults() {
        return new JobSettings(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofHours(24));
    }

    /** AWS's typical times (spec 10.2): Expedited 5 min, Standard 4 h, Bulk 8 h, inventory 4 h. */
    public static JobSettings realistic() {
        return new JobSettings(Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(4),
                Duration.ofHours(24));
    }

    /** How long a new job stays InProgress: the inventory delay, or the retrieval tier's (Standard when none). */
    public Duration delayFor(boolean inventory, String tier) {
        if (inventory) {
            return inventoryDelay;
        }
        if ("Expedited".equals(tier)) {
            return expeditedDelay;
        }
        return "Bulk".equals(tier) ? bulkDelay : standardDelay;
    }
}
