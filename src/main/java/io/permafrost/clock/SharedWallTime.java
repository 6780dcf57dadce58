package io.permafrost.clock;

import java.time.Clock;
import java.time.Instant;

/**
 * A machine's monotonic clock with another wall clock: a cluster node's compliance clock compares
 * itself with the cluster's one time source (the database's clock) rather than with the node's own
 * system clock, which an operator of that node could move.
 */
public final class SharedWallTime implements TimeSource {
    private final Clock wall;
    private final TimeSource machine;

    public SharedWallTime(Clock wall, TimeSource machine) {
        this.wall = wall;
        this.machine = machine;
    }

    @Override
    public Instant systemTime() {
        return wall.instant();
    }

    @Override
    public long monotonicNanos() {
        return machine.monotonicNanos();
    }
}
