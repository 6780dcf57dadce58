package io.permafrost.store;

import java.util.UUID;

/**
 * Who holds a lease: one per process start, random, so a restarted node never mistakes the leases of
 * its previous life for its own (they run out like any dead node's).
 */
public record NodeId(String value) {

    public static NodeId random() {
        return new NodeId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
