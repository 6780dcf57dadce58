package io.permafrost.store;

import java.time.Instant;

/**
 * Named leases for work that one node at a time should do: a maintenance task, the orphan scan, the
 * snapshot of one vault. A row per task rather than an advisory lock, so it means the same on SQLite
 * and PostgreSQL; a holder that dies stops renewing and the lease passes on once it runs out.
 * Each method is one transaction.
 */
public interface LeaseStore {

    /**
     * Takes the lease for {@code holder} until {@code leaseUntil} when nobody holds it or its lease ran
     * out by {@code now}; false when it is held (by anyone, {@code holder} included: a task already
     * running on this node is not started twice).
     */
    boolean tryAcquire(String task, String holder, Instant now, Instant leaseUntil);

    /** Extends a lease {@code holder} still holds; false when it lost it (ran out and taken by another). */
    boolean renew(String task, String holder, Instant leaseUntil);

    /** Gives the lease up, if {@code holder} still holds it. */
    void release(String task, String holder);
}
