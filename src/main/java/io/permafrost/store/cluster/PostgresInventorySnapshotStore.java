package io.permafrost.store.cluster;

import io.permafrost.store.InventorySnapshotStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Inventory snapshots in the embedded SQLite database, beside the vault tables (schema V4). */
/** The latest inventory snapshot of each vault, on PostgreSQL; replace takes the vault row lock first. */
final class PostgresInventorySnapshotStore implements InventorySnapshotStore {
    private final Transactions tx;

    PostgresInventorySnapshotStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Snapshot> latest(long vaultId) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT taken_at, blob_id, size, tree_hash FROM inventory_snapshots WHERE vault_id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Snapshot(vaultId, Instant.ofEpochMilli(rs.getLong(1)),
                            rs.getString(2), rs.getLong(3), rs.getString(4))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<DueVault> due(Instant cutoff, int max) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT v.id, v.account_id, v.name FROM vaults v "
                    + "LEFT JOIN inventory_snapshots s ON s.vault_id = v.id "
                    + "WHERE COALESCE(s.taken_at, v.created_at) <= ? "
                    + "ORDER BY COALESCE(s.taken_at, v.created_at), v.id LIMIT ?")) {
                ps.setLong(1, cutoff.toEpochMilli());
                ps.setInt(2, max);
                List<DueVault> due = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new DueVault(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                return due;
            }
        });
    }

    @Override
    public List<String> replace(Snapshot snapshot) {
        return tx.inTransaction(c -> {
            // Two nodes replacing one vault's snapshot: the vault row lock makes the second see the first's.
            if (!PostgresVaultStore.lockVault(c, snapshot.vaultId())) {
                return List.of(snapshot.blobId());
            }
            String previousBlob = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT taken_at, blob_id FROM inventory_snapshots WHERE vault_id = ?")) {
                ps.setLong(1, snapshot.vaultId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        if (rs.getLong(1) > snapshot.takenAt().toEpochMilli()) {
                            return List.of(snapshot.blobId());
                        }
                        previousBlob = rs.getString(2);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE vaults SET last_inventory_at = ? WHERE id = ?")) {
                ps.setLong(1, snapshot.takenAt().toEpochMilli());
                ps.setLong(2, snapshot.vaultId());
                if (ps.executeUpdate() == 0) {
                    return List.of(snapshot.blobId());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inventory_snapshots "
                    + "(vault_id, taken_at, blob_id, size, tree_hash) VALUES (?, ?, ?, ?, ?) ON CONFLICT (vault_id) "
                    + "DO UPDATE SET taken_at = excluded.taken_at, blob_id = excluded.blob_id, size = excluded.size, "
                    + "tree_hash = excluded.tree_hash")) {
                ps.setLong(1, snapshot.vaultId());
                ps.setLong(2, snapshot.takenAt().toEpochMilli());
                ps.setString(3, snapshot.blobId());
                ps.setLong(4, snapshot.size());
                ps.setString(5, snapshot.treeHash());
                ps.executeUpdate();
            }
            if (previousBlob != null && !previousBlob.equals(snapshot.blobId())
                    && !BlobReferenceCheck.isReferenced(c, previousBlob)) {
                return List.of(previousBlob);
            }
            return List.of();
        });
    }
}
