package io.permafrost.vault;

import java.time.Duration;

/**
 * How fresh an inventory is. {@code PER_JOB} (default): each inventory job reads the vault when it
 * completes. {@code SCHEDULED}: like AWS's daily inventory, a background task snapshots every vault
 * each {@code interval} and inventory jobs return the latest snapshot (a vault with none yet gets one
 * on demand, spec 20 #28), so inventories and LastInventoryDate lag writes by up to the interval.
 */
public record InventorySettings(Mode mode, Duration interval) {

    public enum Mode { PER_JOB, SCHEDULED }

    public InventorySettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the inventory interval must be positive, not " + interval);
        }
    }

    public static InventorySettings defaults() {
        return new InventorySettings(Mode.PER_JOB, Duration.ofHours(24));
    }

    public static InventorySettings scheduled(Duration interval) {
        return new InventorySettings(Mode.SCHEDULED, interval);
    }

    public boolean isScheduled() {
        return mode == Mode.SCHEDULED;
    }
}
