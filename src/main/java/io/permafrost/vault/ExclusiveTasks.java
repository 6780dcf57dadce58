package io.permafrost.vault;

import io.permafrost.store.LeaseStore;
import io.permafrost.store.NodeId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs a named task on one node at a time, under a lease row ({@link LeaseStore}): maintenance passes
 * (lock and upload expiry, ledger pruning, job expiry, blob collection, the orphan scan) that would be
 * wasted or would race if every node ran them at once. The tasks are idempotent too, so a lease that
 * runs out under a slow pass costs duplicate work, never a wrong result.
 */
public final class ExclusiveTasks {
    private final LeaseStore leases;
    private final NodeId node;
    private final Clock clock;
    private final Duration lease;

    public ExclusiveTasks(LeaseStore leases, NodeId node, Clock clock, Duration lease) {
        this.leases = leases;
        this.node = node;
        this.clock = clock;
        this.lease = lease;
    }

    /** Runs {@code task} when this node gets the lease on {@code name}; false (not run) while another holds it. */
    public boolean runExclusively(String name, Runnable task) {
        Instant now = clock.instant();
        if (!leases.tryAcquire(name, node.value(), now, now.plus(lease))) {
            return false;
        }
        try {
            task.run();
        } finally {
            leases.release(name, node.value());
        }
        return true;
    }
}
