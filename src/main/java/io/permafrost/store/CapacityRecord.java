package io.permafrost.store;

import java.time.Instant;

/** One purchased provisioned-capacity unit, usable from {@code start} until {@code expiration}. */
public record CapacityRecord(String capacityId, Instant start, Instant expiration) {

    public boolean isActiveAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(expiration);
    }
}
