package io.permafrost.audit;

import java.util.function.Predicate;

/**
 * The audit record a service asked to be written with its next store write, handed from the service's
 * thread to the database engine. The engine {@link #claim}s it on the calling thread when the write is
 * submitted (the SQLite writer runs the work on its own thread) and {@link #appendIn appends} it at the
 * end of that write's transaction, so the change and its record commit or roll back together.
 */
public final class PendingAudit {
    private static final ThreadLocal<PendingAudit> CURRENT = new ThreadLocal<>();

    private final AuditScope scope;
    private final Predicate<Object> changed;
    /** The record's content, taken when the write is submitted, on the request's thread. */
    private AuditEvent event;
    private String eventMembers;
    private volatile boolean appended;

    private PendingAudit(AuditScope scope, Predicate<Object> changed) {
        this.scope = scope;
        this.changed = changed;
    }

    static PendingAudit offer(AuditScope scope, Predicate<Object> changed) {
        PendingAudit pending = new PendingAudit(scope, changed);
        CURRENT.set(pending);
        return pending;
    }

    static void withdraw() {
        CURRENT.remove();
    }

    /** The record the current thread's next write must carry, or null; only one write gets it. */
    public static PendingAudit claim() {
        PendingAudit pending = CURRENT.get();
        CURRENT.remove();
        if (pending != null) {
            // Everything the request said about itself is said by now (its thread waits for the write), and
            // building the canonical members here keeps that work off the single writer thread.
            pending.event = pending.scope.event();
            pending.eventMembers = pending.event.canonicalMembers();
        }
        return pending;
    }

    /**
     * Appends the record in the transaction of {@code connection} when the write's {@code result} says it
     * changed something (a write that found nothing to change leaves the record to the request's outcome).
     * {@code chain} appends on the write's connection. A failure here fails the write, so the change rolls
     * back with it.
     */
    public void appendIn(ChainAppender chain, Object result) {
        appended = false;
        if (!changed.test(result)) {
            return;
        }
        scope.appendNow(chain, event, eventMembers);
        appended = true;
    }

    /** Whether the record went into the write's transaction (read after the write committed). */
    boolean appended() {
        return appended;
    }
}
