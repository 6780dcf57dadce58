package io.permafrost.store.cluster;

import io.permafrost.audit.ChainAppender;
import io.permafrost.audit.PendingAudit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a unit of work in one transaction at READ COMMITTED and commits it; rolls back on any failure.
 * Where PostgreSQL aborts a transaction for a reason another try can cure (a serialization failure, a
 * deadlock two nodes' row locks ran into), the whole unit runs again from the start, a few times, after
 * a short random pause so two losers do not collide again in step. The work must therefore do nothing
 * but database work (no blob writes, no notifications) and decide everything from what it reads.
 */
public final class Transactions {
    static final int ATTEMPTS = 8;
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";

    private final DataSource pool;

    Transactions(DataSource pool) {
        this.pool = pool;
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Like {@link #inTransaction}, with every statement reading one snapshot (REPEATABLE READ): for reads. */
    public <T> T inSnapshot(SqlWork<T> work) {
        return run(null, c -> {
            try (var st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
            }
            return work.run(c);
        });
    }

    /**
     * A write; when the calling thread's service marked it as the audited write ({@link PendingAudit}), its
     * audit record is appended as the transaction's last step, so both commit or neither does.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        return run(PendingAudit.claim(), work);
    }

    private <T> T run(PendingAudit audit, SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return once(work, audit);
            } catch (SQLException e) {
                if (!isRetryable(e)) {
                    throw new MetadataUnavailable(e);
                }
                last = e;
                pauseBefore(attempt);
            }
        }
        throw new MetadataUnavailable(last);
    }

    private <T> T once(SqlWork<T> work, PendingAudit audit) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                if (audit != null) {
                    // Last: the chain's head row lock it takes is then held only until this commit.
                    audit.appendIn(ChainAppender.racing(c), result);
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    static boolean isRetryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && (SERIALIZATION_FAILURE.equals(sql.getSQLState()) || DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static void pauseBefore(int attempt) {
        long maxMicros = 1000L << Math.min(attempt, 6);
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1000);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
