package io.permafrost.store;

import java.time.Instant;
import java.util.List;

/**
 * Job-completion notifications waiting for delivery. A row is written by the transaction that
 * completes its job ({@link JobStore}), claimed with a lease by whichever node delivers it, and
 * deleted when delivered: at least once, and never lost to a crash. Each method is one transaction.
 */
public interface NotificationOutbox {

    /** A notification to deliver: the completed job it announces, and how many attempts failed so far. */
    record Pending(long id, String jobId, long vaultId, int attempts) {
    }

    /**
     * Leases up to {@code max} notifications due by {@code now} (not dead, not leased by a live holder)
     * to {@code holder} until {@code leaseUntil}.
     */
    List<Pending> claim(String holder, Instant now, Instant leaseUntil, int max);

    /** Delivered: the row goes. */
    void delivered(long id);

    /** Failed again: tried {@code attempts} times so far, next attempt not before {@code nextAttemptAt}. */
    void retryAt(long id, int attempts, Instant nextAttemptAt, String error);

    /** Given up after {@code attempts}: kept (for an operator to see) but never claimed again. */
    void dead(long id, int attempts, Instant at, String error);

    /** Notifications given up on, for operators and tests. */
    int deadCount();

    /** Notifications not yet delivered nor given up on. */
    int pendingCount();
}
