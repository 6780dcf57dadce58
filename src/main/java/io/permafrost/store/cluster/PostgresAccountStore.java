package io.permafrost.store.cluster;

import io.permafrost.store.AccountStore;
import io.permafrost.store.CapacityRecord;
import io.permafrost.store.RetrievalPolicyRecord;
import io.permafrost.store.RetrievalTotals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The account-level records in the embedded SQLite database, beside the vault tables (schema V3). */
/**
 * Account-level records on PostgreSQL. Check-then-insert methods first take the account's guard row
 * lock, so nodes admit retrievals and capacity units for one account one at a time.
 */
final class PostgresAccountStore implements AccountStore {
    private final Transactions tx;

    PostgresAccountStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<RetrievalPolicyRecord> retrievalPolicy(String accountId) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT strategy, bytes_per_hour FROM retrieval_policies WHERE account_id = ?")) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String strategy = rs.getString(1);
                    long bytes = rs.getLong(2);
                    Long bytesPerHour = rs.wasNull() ? null : bytes; // right after reading column 2
                    return Optional.of(new RetrievalPolicyRecord(strategy, bytesPerHour));
                }
            }
        });
    }

    @Override
    public void setRetrievalPolicy(String accountId, RetrievalPolicyRecord policy) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO retrieval_policies (account_id, strategy, bytes_per_hour) VALUES (?, ?, ?) "
                            + "ON CONFLICT (account_id) DO UPDATE SET strategy = excluded.strategy, "
                            + "bytes_per_hour = excluded.bytes_per_hour")) {
                ps.setString(1, accountId);
                ps.setString(2, policy.strategy());
                if (policy.bytesPerHour() == null) {
                    ps.setNull(3, Types.INTEGER);
                } else {
                    ps.setLong(3, policy.bytesPerHour());
                }
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean recordRetrievalIf(String accountId, String tier, Instant at, long bytes, Instant since,
                                     Predicate<RetrievalTotals> accepts) {
        // The account's guard row lock holds every other node's admission until this one commits, so the
        // total read here cannot change before the insert.
        return tx.inTransaction(c -> {
            lockAccount(c, accountId);
            if (!accepts.test(totals(c, accountId, tier, since))) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO retrieval_ledger (account_id, tier, admitted_at, bytes) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, accountId);
                ps.setString(2, tier);
                ps.setLong(3, at.toEpochMilli());
                ps.setLong(4, bytes);
                ps.executeUpdate();
            }
            return true;
        });
    }

    private static RetrievalTotals totals(Connection c, String accountId, String tier, Instant since)
            throws SQLException {
        // A single archive is at most ~40 TB, so a window's sum stays far inside a long.
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM retrieval_ledger "
                + "WHERE account_id = ? AND tier = ? AND admitted_at >= ?")) {
            ps.setString(1, accountId);
            ps.setString(2, tier);
            ps.setLong(3, since.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new RetrievalTotals(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /** Takes the account's guard row lock for the rest of the transaction, creating the row on first use. */
    private static void lockAccount(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO account_guards (account_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, accountId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM account_guards WHERE account_id = ? FOR UPDATE")) {
            ps.setString(1, accountId);
            ps.executeQuery().close();
        }
    }

    @Override
    public int deleteRetrievalsBefore(Instant before) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM retrieval_ledger WHERE admitted_at < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean addCapacity(String accountId, CapacityRecord unit, int maxActive) {
        return tx.inTransaction(c -> {
            lockAccount(c, accountId);
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM provisioned_capacity "
                    + "WHERE account_id = ? AND starts_at <= ? AND expires_at > ?")) {
                count.setString(1, accountId);
                count.setLong(2, unit.start().toEpochMilli());
                count.setLong(3, unit.start().toEpochMilli());
                try (ResultSet rs = count.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= maxActive) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO provisioned_capacity "
                    + "(capacity_id, account_id, starts_at, expires_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, unit.capacityId());
                ps.setString(2, accountId);
                ps.setLong(3, unit.start().toEpochMilli());
                ps.setLong(4, unit.expiration().toEpochMilli());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<CapacityRecord> activeCapacity(String accountId, Instant now) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT capacity_id, starts_at, expires_at "
                    + "FROM provisioned_capacity WHERE account_id = ? AND starts_at <= ? AND expires_at > ? "
                    + "ORDER BY starts_at, capacity_id")) {
                ps.setString(1, accountId);
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                List<CapacityRecord> units = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        units.add(new CapacityRecord(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                                Instant.ofEpochMilli(rs.getLong(3))));
                    }
                }
                return units;
            }
        });
    }
}
