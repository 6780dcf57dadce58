package io.permafrost.store.sql;

import io.permafrost.store.LeaseStore;

import java.sql.PreparedStatement;
import java.time.Instant;

/** Leases as rows of {@code leases} (embedded schema V8, cluster schema V2), for both backends. */
public final class SqlLeaseStore implements LeaseStore {
    private final SqlEngine db;

    public SqlLeaseStore(SqlEngine db) {
        this.db = db;
    }

    @Override
    public boolean tryAcquire(String task, String holder, Instant now, Instant leaseUntil) {
        return db.write(c -> {
            // The upsert takes the row only when its lease ran out: a live lease, even our own, is left alone.
            // It is atomic on both backends: SQLite's single writer, and on PostgreSQL ON CONFLICT takes the
            // row lock, so of two nodes racing for a run-out lease the second re-checks lease_until against
            // the first's new value and gets nothing.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO leases (task, holder, lease_until) "
                    + "VALUES (?, ?, ?) ON CONFLICT (task) DO UPDATE SET holder = excluded.holder, "
                    + "lease_until = excluded.lease_until WHERE leases.lease_until <= ?")) {
                ps.setString(1, task);
                ps.setString(2, holder);
                ps.setLong(3, leaseUntil.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean renew(String task, String holder, Instant leaseUntil) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE leases SET lease_until = ? WHERE task = ? AND holder = ?")) {
                ps.setLong(1, leaseUntil.toEpochMilli());
                ps.setString(2, task);
                ps.setString(3, holder);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void release(String task, String holder) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM leases WHERE task = ? AND holder = ?")) {
                ps.setString(1, task);
                ps.setString(2, holder);
                return ps.executeUpdate();
            }
        });
    }
}
