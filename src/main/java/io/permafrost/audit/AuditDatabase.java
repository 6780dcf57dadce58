package io.permafrost.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The metadata database as the audit trail needs it: the same transactions the stores use, so that a
 * record written with {@link #write} joins the chain exactly as one written beside a store's change.
 * Each backend provides one; its write transactions append the pending record ({@link PendingAudit}).
 */
public interface AuditDatabase {

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One write transaction, durable when this returns. */
    <T> T write(Work<T> work);

    /** One read-only transaction. */
    <T> T read(Work<T> work);
}
