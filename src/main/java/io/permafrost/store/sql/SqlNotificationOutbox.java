package io.permafrost.store.sql;

import io.permafrost.store.NotificationOutbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox as rows of {@code notification_outbox} (embedded schema V8, cluster schema V2), for both
 * backends; the rows are written by {@link SqlJobStore} in the transaction that completes the job.
 */
public final class SqlNotificationOutbox implements NotificationOutbox {
    private static final String DUE =
            "WHERE o.dead_at IS NULL AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until <= ?) ";

    private final SqlEngine db;

    public SqlNotificationOutbox(SqlEngine db) {
        this.db = db;
    }

    @Override
    public List<Pending> claim(String holder, Instant now, Instant leaseUntil, int max) {
        long at = now.toEpochMilli();
        if (!db.anyRow("SELECT 1 FROM notification_outbox o " + DUE + "LIMIT 1", at, at)) {
            return List.of();
        }
        return db.write(c -> {
            List<Pending> claimed = new ArrayList<>();
            // The select and the updates below are one atomic step: one writer (SQLite), or row locks that
            // nodes claiming at once skip (PostgreSQL), so each gets disjoint rows without waiting.
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.job_id, o.vault_id, o.attempts "
                    + "FROM notification_outbox o " + DUE + "ORDER BY o.next_attempt_at, o.id LIMIT ?"
                    + db.claimingReadOf("o"))) {
                ps.setLong(1, at);
                ps.setLong(2, at);
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Pending(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE notification_outbox SET claimed_by = ?, lease_until = ? WHERE id = ?")) {
                for (Pending pending : claimed) {
                    ps.setString(1, holder);
                    ps.setLong(2, leaseUntil.toEpochMilli());
                    ps.setLong(3, pending.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return claimed;
        });
    }

    @Override
    public void delivered(long id) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM notification_outbox WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void retryAt(long id, int attempts, Instant nextAttemptAt, String error) {
        release(id, attempts, "next_attempt_at", nextAttemptAt, error);
    }

    @Override
    public void dead(long id, int attempts, Instant at, String error) {
        release(id, attempts, "dead_at", at, error);
    }

    /** Gives the claim up after a failed attempt, dating the row's next attempt or its death in {@code column}. */
    private void release(long id, int attempts, String column, Instant at, String error) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification_outbox SET attempts = ?, "
                    + column + " = ?, last_error = ?, claimed_by = NULL, lease_until = NULL WHERE id = ?")) {
                ps.setInt(1, attempts);
                ps.setLong(2, at.toEpochMilli());
                ps.setString(3, error);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int deadCount() {
        return count("SELECT COUNT(*) FROM notification_outbox WHERE dead_at IS NOT NULL");
    }

    @Override
    public int pendingCount() {
        return count("SELECT COUNT(*) FROM notification_outbox WHERE dead_at IS NULL");
    }

    private int count(String query) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }
}
