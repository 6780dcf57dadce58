package io.permafrost.store.sql;

import io.permafrost.store.AccessPolicyChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The {@code access_policy_history} table, the same in both backends: appended to by the vault stores inside
 * the transaction that changes the policy (so the history never misses a change nor shows one that failed),
 * read by the evidence store.
 */
public final class AccessPolicyHistoryRows {
    private AccessPolicyHistoryRows() {
    }

    /** Sets the vault's access policy and appends the change; false (nothing written) when the vault is gone. */
    public static boolean change(Connection c, long vaultId, AccessPolicyChange change) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET access_policy = ? WHERE id = ?")) {
            ps.setString(1, change.policy());
            ps.setLong(2, vaultId);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_policy_history "
                + "(vault_id, changed_at, principal, policy) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, vaultId);
            ps.setLong(2, change.at().toEpochMilli());
            ps.setString(3, change.principal());
            ps.setString(4, change.policy());
            ps.executeUpdate();
        }
        return true;
    }

    static void read(Connection c, long vaultId, Consumer<AccessPolicyChange> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT changed_at, principal, policy "
                + "FROM access_policy_history WHERE vault_id = ? ORDER BY seq")) {
            ps.setLong(1, vaultId);
            ps.setFetchSize(256);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new AccessPolicyChange(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            rs.getString(3)));
                }
            }
        }
    }
}
