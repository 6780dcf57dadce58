package io.permafrost.store.cluster;

import io.permafrost.glacier.NameFolding;
import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.LockRecord;
import io.permafrost.store.Page;
import io.permafrost.store.VaultAccessView;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;
import io.permafrost.store.sql.AccessPolicyHistoryRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Vaults on PostgreSQL, shared by every node. Each write that depends on what it read first (the lock's
 * compare-and-set, the tag limit, "delete only if empty") starts by taking the vault row's lock
 * ({@code SELECT ... FOR UPDATE}): at READ COMMITTED two nodes would otherwise both read the old state and
 * both act on it. Every such write on one vault therefore runs one after the other, across all nodes.
 */
final class PostgresVaultStore implements VaultStore {
    private static final String VAULT_COLUMNS =
            "id, account_id, name, created_at, last_inventory_at, archive_count, size_bytes";

    private final Transactions tx;

    PostgresVaultStore(Transactions tx) {
        this.tx = tx;
    }

    /** Takes the vault row's lock for the rest of the transaction; false when the vault is gone. */
    static boolean lockVault(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM vaults WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Optional<VaultRecord> find(String accountId, String name) {
        return tx.inTransaction(c -> findVault(c, accountId, name));
    }

    @Override
    public Optional<VaultAccessView> findForAccess(String accountId, String name) {
        return tx.inTransaction(c -> {
            Optional<VaultRecord> vault = findVault(c, accountId, name);
            if (vault.isEmpty()) {
                return Optional.<VaultAccessView>empty();
            }
            return Optional.of(accessView(c, vault.get()));
        });
    }

    /** The vault's tags, access policy and lock as this transaction sees them. */
    static VaultAccessView accessView(Connection c, VaultRecord vault) throws SQLException {
        String accessPolicy;
        try (PreparedStatement ps = c.prepareStatement("SELECT access_policy FROM vaults WHERE id = ?")) {
            ps.setLong(1, vault.id());
            try (ResultSet rs = ps.executeQuery()) {
                accessPolicy = rs.next() ? rs.getString(1) : null;
            }
        }
        return new VaultAccessView(vault, readTags(c, vault.id()), accessPolicy, findLock(c, vault.id()).orElse(null));
    }

    private static Optional<VaultRecord> findVault(Connection c, String accountId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + VAULT_COLUMNS + " FROM vaults WHERE account_id = ? AND name = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(vault(rs)) : Optional.empty();
            }
        }
    }

    static Optional<VaultRecord> findVault(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VAULT_COLUMNS + " FROM vaults WHERE id = ?")) {
            ps.setLong(1, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(vault(rs)) : Optional.empty();
            }
        }
    }

    private static VaultRecord vault(ResultSet rs) throws SQLException {
        long inventory = rs.getLong(5);
        Instant lastInventory = rs.wasNull() || inventory == 0 ? null : Instant.ofEpochMilli(inventory);
        return new VaultRecord(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                lastInventory, rs.getLong(6), rs.getLong(7));
    }

    @Override
    public Optional<VaultRecord> createIfAbsent(String accountId, String name, Instant now, int maxVaults) {
        return tx.inTransaction(c -> {
            // One account's creations run one at a time (a transaction-scoped advisory lock on the account),
            // so two nodes cannot both pass the count below with the account one short of its limit.
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                ps.setString(1, "vaults-of:" + accountId);
                ps.execute();
            }
            Optional<VaultRecord> existing = findVault(c, accountId, name);
            if (existing.isPresent()) {
                return existing;
            }
            try (PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM vaults WHERE account_id = ?")) {
                count.setString(1, accountId);
                try (ResultSet rs = count.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= maxVaults) {
                        return Optional.empty();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vaults (id, account_id, name, created_at) VALUES (?, ?, ?, ?)")) {
                // Random 63-bit ids are never given twice in practice (see SqliteVaultStore.unusedVaultId); a
                // collision is a primary-key failure, not a reuse.
                ps.setLong(1, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
                ps.setString(2, accountId);
                ps.setString(3, name);
                ps.setLong(4, now.toEpochMilli());
                ps.executeUpdate();
            }
            return findVault(c, accountId, name);
        });
    }

    @Override
    public Page<VaultRecord> list(String accountId, String fromName, int limit) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VAULT_COLUMNS
                    + " FROM vaults WHERE account_id = ? AND name >= ? ORDER BY name LIMIT ?")) {
                ps.setString(1, accountId);
                ps.setString(2, fromName == null ? "" : fromName);
                ps.setInt(3, limit + 1);
                List<VaultRecord> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(vault(rs));
                    }
                }
                String next = items.size() > limit ? items.remove(limit).name() : null;
                return new Page<>(items, next);
            }
        });
    }

    @Override
    public List<VaultRecord> all() {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VAULT_COLUMNS
                    + " FROM vaults ORDER BY account_id, name");
                 ResultSet rs = ps.executeQuery()) {
                List<VaultRecord> vaults = new ArrayList<>();
                while (rs.next()) {
                    vaults.add(vault(rs));
                }
                return vaults;
            }
        });
    }

    @Override
    public VaultDeletion delete(long vaultId) {
        return tx.inTransaction(c -> {
            // The row lock makes "empty" hold until the delete: an archive insert counts itself in this row.
            try (PreparedStatement ps = c.prepareStatement("SELECT archive_count FROM vaults WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new VaultDeletion(VaultDeletion.Outcome.NOT_FOUND, List.of());
                    }
                    if (rs.getLong(1) > 0) {
                        return new VaultDeletion(VaultDeletion.Outcome.NOT_EMPTY, List.of());
                    }
                }
            }
            List<String> released = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.blob_id FROM parts p JOIN uploads u "
                    + "ON p.upload_id = u.id WHERE u.vault_id = ? UNION SELECT s.blob_id FROM job_segments s "
                    + "JOIN jobs j ON s.job_id = j.id WHERE j.vault_id = ? UNION SELECT output_blob_id FROM jobs "
                    + "WHERE vault_id = ? AND output_blob_id IS NOT NULL "
                    + "UNION SELECT blob_id FROM inventory_snapshots WHERE vault_id = ?")) {
                for (int i = 1; i <= 4; i++) {
                    ps.setLong(i, vaultId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        released.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vaults WHERE id = ?")) {
                ps.setLong(1, vaultId);
                ps.executeUpdate();
            }
            return new VaultDeletion(VaultDeletion.Outcome.DELETED, released);
        });
    }

    @Override
    public Map<String, String> tags(long vaultId) {
        return tx.inTransaction(c -> readTags(c, vaultId));
    }

    private static Map<String, String> readTags(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tag_key, tag_value FROM vault_tags WHERE vault_id = ?")) {
            ps.setLong(1, vaultId);
            Map<String, String> tags = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.put(rs.getString(1), rs.getString(2));
                }
            }
            return tags;
        }
    }

    @Override
    public TagPut putTags(long vaultId, Map<String, String> tags, int maxTags) {
        return tx.inTransaction(c -> {
            if (!lockVault(c, vaultId)) {
                return TagPut.NO_VAULT;
            }
            // Under the vault's row lock the tags read here are the ones the insert lands on, so the limit and
            // the case check are decided before writing anything: a refusal writes nothing to roll back.
            Set<String> existing = readTags(c, vaultId).keySet();
            for (String key : tags.keySet()) {
                for (String present : existing) {
                    if (!present.equals(key) && NameFolding.sameName(present, key)) {
                        return TagPut.caseConflict(key, present);
                    }
                }
            }
            Set<String> after = new HashSet<>(existing);
            after.addAll(tags.keySet());
            if (after.size() > maxTags) {
                return TagPut.LIMIT_EXCEEDED;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vault_tags (vault_id, tag_key, tag_value) VALUES (?, ?, ?) "
                            + "ON CONFLICT (vault_id, tag_key) DO UPDATE SET tag_value = EXCLUDED.tag_value")) {
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    ps.setLong(1, vaultId);
                    ps.setString(2, tag.getKey());
                    ps.setString(3, tag.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return TagPut.STORED;
        });
    }

    @Override
    public void removeTags(long vaultId, Collection<String> keys) {
        tx.inTransaction(c -> {
            // Tags decide what a lock policy allows (a legal hold): a removal serializes with the
            // lock-governed writes that re-read them.
            lockVault(c, vaultId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_tags WHERE vault_id = ? AND tag_key = ?")) {
                for (String key : keys) {
                    ps.setLong(1, vaultId);
                    ps.setString(2, key);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<String> accessPolicy(long vaultId) {
        return readColumn(vaultId, "access_policy");
    }

    @Override
    public void setAccessPolicy(long vaultId, AccessPolicyChange change) {
        // The UPDATE takes the vault row's lock, so the history appends in the order the changes commit.
        tx.inTransaction(c -> AccessPolicyHistoryRows.change(c, vaultId, change));
    }

    @Override
    public Optional<String> notificationConfig(long vaultId) {
        return readColumn(vaultId, "notification_config");
    }

    @Override
    public void setNotificationConfig(long vaultId, String configJson) {
        writeColumn(vaultId, "notification_config", configJson);
    }

    private Optional<String> readColumn(long vaultId, String column) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM vaults WHERE id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private void writeColumn(long vaultId, String column, String value) {
        tx.inTransaction(c -> {
            // An UPDATE takes the row lock itself, so it waits for, and is seen by, the lock-governed writes.
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET " + column + " = ? WHERE id = ?")) {
                ps.setString(1, value);
                ps.setLong(2, vaultId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<LockRecord> lock(long vaultId) {
        return tx.inTransaction(c -> findLock(c, vaultId));
    }

    private static Optional<LockRecord> findLock(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT policy, state, lock_id, created_at, expires_at, completed_at FROM vault_locks WHERE vault_id = ?")) {
            ps.setLong(1, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long expires = rs.getLong(5);
                Instant expiration = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
                long completed = rs.getLong(6);
                Instant completedAt = rs.wasNull() ? null : Instant.ofEpochMilli(completed);
                return Optional.of(new LockRecord(rs.getString(1), LockRecord.LockState.valueOf(rs.getString(2)),
                        rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)), expiration, completedAt));
            }
        }
    }

    @Override
    public boolean replaceLock(long vaultId, LockRecord expected, LockRecord next) {
        return tx.inTransaction(c -> {
            // The vault row's lock orders this compare-and-set after any other node's: the loser reads the
            // winner's record and finds it is not what it expected.
            if (!lockVault(c, vaultId)) {
                return false;
            }
            LockRecord current = findLock(c, vaultId).orElse(null);
            if (!Objects.equals(current, expected)) {
                return false;
            }
            if (current != null && current.state() == LockRecord.LockState.LOCKED) {
                // WORM: a Locked policy is never replaced or removed (the trigger refuses it as well).
                return false;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM vault_locks WHERE vault_id = ?")) {
                del.setLong(1, vaultId);
                del.executeUpdate();
            }
            if (next != null) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO vault_locks "
                        + "(vault_id, policy, state, lock_id, created_at, expires_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ins.setLong(1, vaultId);
                    ins.setString(2, next.policy());
                    ins.setString(3, next.state().name());
                    ins.setString(4, next.lockId());
                    ins.setLong(5, next.creationDate().toEpochMilli());
                    if (next.expirationDate() == null) {
                        ins.setNull(6, java.sql.Types.BIGINT);
                    } else {
                        ins.setLong(6, next.expirationDate().toEpochMilli());
                    }
                    if (next.completedAt() == null) {
                        ins.setNull(7, java.sql.Types.BIGINT);
                    } else {
                        ins.setLong(7, next.completedAt().toEpochMilli());
                    }
                    ins.executeUpdate();
                }
            }
            return true;
        });
    }

    @Override
    public int deleteExpiredLocks(Instant now) {
        // A Complete racing this holds the lock row (it deletes the InProgress row and inserts the Locked one):
        // the delete waits for it, then finds the InProgress row gone; the Locked row never matches.
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM vault_locks WHERE state = 'IN_PROGRESS' AND expires_at <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void setLastInventoryDate(long vaultId, Instant when) {
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET last_inventory_at = ? WHERE id = ?")) {
                ps.setLong(1, when.toEpochMilli());
                ps.setLong(2, vaultId);
                return ps.executeUpdate();
            }
        });
    }
}
