package io.permafrost.audit;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's audit trail: opens each request's {@link AuditScope} and owns what they share (the
 * database the records go to, the compliance clock that stamps them, the count of records written).
 */
public final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditDatabase database;
    private final Clock clock;
    private final LongAdder written = new LongAdder();

    public AuditTrail(AuditDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The scope of one request by {@code principal} (its ARN). */
    public AuditScope open(String requestId, String principal, String sourceIp, String userAgent) {
        return new AuditScope(this, requestId, principal, sourceIp, userAgent, false);
    }

    /** The scope of one console page request by the signed-in {@code principal}. */
    public AuditScope openForConsole(String requestId, String principal, String sourceIp, String userAgent) {
        return new AuditScope(this, requestId, principal, sourceIp, userAgent, true);
    }

    /**
     * The scope of one call of an operator command ({@code import}, {@code migrate}) by {@code who}
     * ("operator:" + OS user): its changes are recorded in their own transactions like a request's.
     */
    public AuditScope openForOperator(String who) {
        return new AuditScope(this, "operator-" + java.util.UUID.randomUUID(), who, "local", "permafrost-operator", false);
    }

    /** Records this process appended since it started (the {@code permafrost_audit_records_total} counter). */
    public long recordsWritten() {
        return written.sum();
    }

    AuditDatabase database() {
        return database;
    }

    Clock clock() {
        return clock;
    }

    void counted() {
        written.increment();
    }

    /**
     * What a client gets when the record cannot be written: the change is refused with it (503, so that a
     * client retries later rather than taking it as a bug), never made without its record.
     */
    static GlacierException unavailable(Exception cause) {
        LOG.error("an audit record could not be written; the request is refused: {}", cause.toString());
        return new GlacierException(ErrorCode.AUDIT_UNAVAILABLE,
                "The service is unavailable: the audit trail cannot be written. Try again later.");
    }
}
