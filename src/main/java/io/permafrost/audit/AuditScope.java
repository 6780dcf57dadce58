package io.permafrost.audit;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;

import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The audit record of one request as it takes shape: the HTTP layer (or the console) opens it with who
 * asks and from where, the gate adds the operation and its decision, the service marks the one store
 * write that makes its change visible ({@link #write}), which then carries the record in its own
 * transaction. A request whose change produced no record by the time it is answered (it failed, the gate
 * refused it, or its write changed nothing) gets one in a transaction of its own before the answer
 * ({@link #answered}, {@link #failed}). So: exactly one record per state-changing request and per refusal
 * by the gate; none for a read that succeeded.
 *
 * <p>The console calls several services in one page request; a new state-changing operation after a
 * recorded one starts the next record, so each state-changing call still gets its own.
 */
public final class AuditScope {
    /** The scope of calls nobody audits (audit trail off, internal callers): every method does nothing more. */
    public static final AuditScope NONE = new AuditScope(null, null, null, null, null, false);

    static final Set<Operation> STATE_CHANGING = EnumSet.of(Operation.CreateVault, Operation.DeleteVault,
            Operation.UploadArchive, Operation.DeleteArchive, Operation.InitiateMultipartUpload,
            Operation.UploadMultipartPart, Operation.CompleteMultipartUpload, Operation.AbortMultipartUpload,
            Operation.InitiateJob, Operation.SetVaultNotifications, Operation.DeleteVaultNotifications,
            Operation.SetVaultAccessPolicy, Operation.DeleteVaultAccessPolicy, Operation.InitiateVaultLock,
            Operation.CompleteVaultLock, Operation.AbortVaultLock, Operation.AddTagsToVault,
            Operation.RemoveTagsFromVault, Operation.SetDataRetrievalPolicy, Operation.PurchaseProvisionedCapacity);

    private static final String ALLOW = "Allow";
    private static final String DENY = "Deny";
    private static final String UNDECIDED = "None";

    private final AuditTrail trail;
    private final String requestId;
    private final String principal;
    private final String sourceIp;
    private final String userAgent;
    /** The console's: its pages answer failures themselves, so a refusal is recorded the moment it is decided. */
    private final boolean console;

    private Operation operation;
    private String accountId;
    private String vault;
    private String subjectId;
    private String decision = UNDECIDED;
    private String statement;
    private boolean recorded;
    private boolean passingRead;
    private String result = AuditEvent.OK;
    /** What an operator command did that is no API operation (ImportArchive); used while no operation is set. */
    private String operatorAction;

    AuditScope(AuditTrail trail, String requestId, String principal, String sourceIp, String userAgent, boolean console) {
        this.console = console;
        this.trail = trail;
        this.requestId = requestId;
        this.principal = principal;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
    }

    private boolean off() {
        return trail == null;
    }

    /** The operation being authorized, on which account and vault (null: an account-level operation). */
    public synchronized void authorizing(Operation next, String account, String vaultName) {
        if (off()) {
            return;
        }
        boolean nextChanges = STATE_CHANGING.contains(next);
        boolean currentChanges = operation != null && STATE_CHANGING.contains(operation);
        // A read a state-changing request makes on its way (the console's pages do) leaves the record alone.
        passingRead = currentChanges && !nextChanges;
        if (passingRead) {
            return;
        }
        if (currentChanges && next != operation && recorded) {
            // The console's next state-changing call in the same page request: a record of its own.
            recorded = false;
            subjectId = null;
            decision = UNDECIDED;
            statement = null;
            result = AuditEvent.OK;
        }
        // CreateVault is authorized as an account-level operation: the vault the route named stays.
        vault = vaultName != null || next != operation ? vaultName : vault;
        operation = next;
        accountId = account;
    }

    /** The gate's decision and the statement that made it (null when none did, e.g. the account root). */
    public void decided(boolean allowed, String decidingStatement) {
        synchronized (this) {
            if (off() || passingRead) {
                return;
            }
            decision = allowed ? ALLOW : DENY;
            statement = decidingStatement;
            if (allowed || !console || recorded) {
                return;
            }
            result = ErrorCode.ACCESS_DENIED.code();
        }
        appendAlone();
    }

    /** The account and vault an operator action works on (it passes no gate: the operator owns the store). */
    public synchronized void actingOn(String account, String vaultName) {
        if (!off()) {
            accountId = account;
            vault = vaultName;
        }
    }

    /** Names an operator command's action that has no API operation of its own (e.g. ImportArchive). */
    public synchronized void operatorAction(String what) {
        if (!off()) {
            operatorAction = what;
            decision = ALLOW;
            statement = "operator channel";
        }
    }

    /** The archive, upload, job or lock id the request acts on or creates. */
    public synchronized void subject(String id) {
        if (!off() && id != null) {
            subjectId = id;
        }
    }

    /**
     * Runs the store write that makes the request's change visible, with the audit record appended in
     * its transaction when {@code changed} says of the write's result that it changed something.
     */
    @SuppressWarnings("unchecked")
    public <T> T write(Supplier<T> storeWrite, Predicate<? super T> changed) {
        // The engine's work returns what the store method returns (each audited store method returns its
        // write's result as it is), so the predicate can judge it inside the transaction.
        return written(storeWrite, result -> ((Predicate<Object>) changed).test(result));
    }

    /** {@link #write(Supplier, Predicate)} for a write whose success always is the change. */
    public void write(Runnable storeWrite) {
        written(() -> {
            storeWrite.run();
            return null;
        }, anything -> true);
    }

    private <T> T written(Supplier<T> storeWrite, Predicate<Object> changed) {
        if (off()) {
            return storeWrite.get();
        }
        PendingAudit pending = PendingAudit.offer(this, changed);
        try {
            T result = storeWrite.get();
            if (pending.appended()) {
                markRecorded();
            }
            return result;
        } finally {
            PendingAudit.withdraw();
        }
    }

    /**
     * Before a success is answered: a state-changing request whose write carried no record (it found
     * nothing to change) gets one now. Throws 503 when it cannot be written.
     */
    public void answered() {
        if (off()) {
            return;
        }
        synchronized (this) {
            if (recorded || operation == null || !STATE_CHANGING.contains(operation)) {
                return;
            }
        }
        appendAlone();
    }

    /**
     * Before a failure is answered: a state-changing request or a refusal by the gate gets its record with
     * the error code. Returns the error to answer: {@code failure}, or 503 when no record could be written.
     */
    public GlacierException failed(GlacierException failure) {
        if (off()) {
            return failure;
        }
        synchronized (this) {
            boolean refused = DENY.equals(decision);
            if (recorded || operation == null || !(refused || STATE_CHANGING.contains(operation))) {
                return failure;
            }
            result = failure.errorCode().code();
        }
        try {
            appendAlone();
            return failure;
        } catch (GlacierException unavailable) {
            return unavailable;
        }
    }

    /**
     * The console's end of a page request: a state-changing call that has no record yet gets one, with
     * {@code OK} when the page reports success, else {@code failure} (the console's pages answer a service's
     * error themselves, so the code is not known here: the page's HTTP status stands for it).
     */
    public void settled(boolean succeeded, String failure) {
        if (off()) {
            return;
        }
        synchronized (this) {
            if (recorded || operation == null || !STATE_CHANGING.contains(operation)) {
                return;
            }
            result = succeeded ? AuditEvent.OK : failure;
        }
        appendAlone();
    }

    private void appendAlone() {
        PendingAudit pending = PendingAudit.offer(this, anything -> true);
        try {
            trail.database().write(c -> Boolean.TRUE);
            if (pending.appended()) {
                markRecorded();
            }
        } catch (GlacierException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AuditTrail.unavailable(e);
        } finally {
            PendingAudit.withdraw();
        }
    }

    private synchronized void markRecorded() {
        recorded = true;
        trail.counted();
    }

    /** What the record says as of now (taken by {@link PendingAudit#claim} when the write is submitted). */
    synchronized AuditEvent event() {
        return new AuditEvent(requestId, principal, accountId, operation == null ? operatorAction : operation.name(),
                vault, subjectId, decision, statement, sourceIp, userAgent, result);
    }

    /** Called by {@link PendingAudit} inside the write's transaction. */
    void appendNow(ChainAppender chain, AuditEvent event, String eventMembers) {
        try {
            chain.append(event, eventMembers, trail.clock().instant());
        } catch (SQLException e) {
            throw AuditTrail.unavailable(e);
        }
    }

    /** Whether this request already has its record (for tests and the console). */
    public synchronized boolean recorded() {
        return recorded;
    }
}
