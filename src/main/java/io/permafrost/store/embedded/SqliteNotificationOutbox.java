package io.permafrost.store.embedded;

import io.permafrost.store.NotificationOutbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The outbox as rows of {@code notification_outbox} (schema V8), written by {@link SqliteJobStore}. */
final class SqliteNotificationOutbox implements NotificationOutbox {
    private final SqliteDatabase db;

    SqliteNotificationOutbox(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public List<Pending> claim(String holder, Instant now, Instant leaseUntil, int max) {
        return db.write(c -> {
            List<Pending> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, job_id, vault_id, attempts "
                    + "FROM notification_outbox WHERE dead_at IS NULL AND next_attempt_at <= ? "
                    + "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, id LIMIT ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
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
                    ps.executeUpdate();
                }
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
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification_outbox SET attempts = ?, "
                    + "next_attempt_at = ?, last_error = ?, claimed_by = NULL, lease_until = NULL WHERE id = ?")) {
                ps.setInt(1, attempts);
                ps.setLong(2, nextAttemptAt.toEpochMilli());
                ps.setString(3, error);
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void dead(long id, int attempts, Instant at, String error) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notification_outbox SET attempts = ?, "
                    + "dead_at = ?, last_error = ?, claimed_by = NULL, lease_until = NULL WHERE id = ?")) {
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
