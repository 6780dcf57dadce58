package io.permafrost.vault;

import java.time.Duration;

/**
 * How data retrieval policies and provisioned capacity are measured (spec 17.3, 18).
 *
 * @param rateWindow a Standard retrieval's bytes are spread evenly over this window when measuring the
 *                   hourly rate for a BytesPerHour policy: AWS's nominal Standard duration, 4 h (spec 17.3).
 *                   With 1 h the rule is simply "bytes admitted in the trailing hour".
 * @param freeTierBytesPerDay the daily allowance of a FreeTier policy, per UTC day
 * @param onDemandExpeditedPerFiveMinutes how many Expedited retrievals an account may start in any five
 *                   minutes without capacity; {@link #UNLIMITED} (the default) means Expedited is always
 *                   admitted, as AWS does "except in rare situations of unusually high demand" (spec 18.3)
 * @param maxCapacityUnits active provisioned-capacity units allowed per account
 */
public record RetrievalSettings(Duration rateWindow, long freeTierBytesPerDay, int onDemandExpeditedPerFiveMinutes,
                                int maxCapacityUnits) {

    public static final int UNLIMITED = -1;
    /** Each provisioned unit guarantees at least three Expedited retrievals every five minutes (spec 18). */
    public static final int EXPEDITED_PER_UNIT = 3;

    public RetrievalSettings {
        if (rateWindow.isZero() || rateWindow.isNegative()) {
            throw new IllegalArgumentException("the retrieval rate window must be positive");
        }
        if (freeTierBytesPerDay < 0) {
            throw new IllegalArgumentException("the free-tier allowance must not be negative");
        }
    }

    /** 4 h rate window, AWS's 10 GiB of free retrievals a month prorated per day, Expedited unlimited, 2 units. */
    public static RetrievalSettings defaults() {
        return new RetrievalSettings(Duration.ofHours(4), 10L * 1024 * 1024 * 1024 / 30, UNLIMITED, 2);
    }

    public RetrievalSettings withOnDemandExpedited(int perFiveMinutes) {
        return new RetrievalSettings(rateWindow, freeTierBytesPerDay, perFiveMinutes, maxCapacityUnits);
    }

    public RetrievalSettings withRateWindow(Duration window) {
        return new RetrievalSettings(window, freeTierBytesPerDay, onDemandExpeditedPerFiveMinutes, maxCapacityUnits);
    }

    public RetrievalSettings withFreeTierBytesPerDay(long bytes) {
        return new RetrievalSettings(rateWindow, bytes, onDemandExpeditedPerFiveMinutes, maxCapacityUnits);
    }
}
