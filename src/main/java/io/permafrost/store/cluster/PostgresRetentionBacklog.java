package io.permafrost.store.cluster;

import io.permafrost.store.RetentionBacklog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** The retention backlog as rows of {@code retention_backlog} (V7), shared by every node. */
final class PostgresRetentionBacklog implements RetentionBacklog {
    private final Transactions tx;

    PostgresRetentionBacklog(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public long note(long vaultId) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO retention_backlog (vault_id, version) "
                    + "VALUES (?, 1) ON CONFLICT (vault_id) DO UPDATE SET version = retention_backlog.version + 1 "
                    + "RETURNING version")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Map<Long, Long> noted() {
        return tx.inSnapshot(c -> {
            Map<Long, Long> noted = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT vault_id, version FROM retention_backlog ORDER BY vault_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    noted.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return noted;
        });
    }

    @Override
    public void done(long vaultId, long version) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM retention_backlog WHERE vault_id = ? AND version = ?")) {
                ps.setLong(1, vaultId);
                ps.setLong(2, version);
                return ps.executeUpdate();
            }
        });
    }
}
