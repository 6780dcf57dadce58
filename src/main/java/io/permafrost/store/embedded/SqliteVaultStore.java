package io.permafrost.store.embedded;

import io.permafrost.glacier.NameFolding;
import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.LockRecord;
import io.permafrost.store.Page;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultAccessView;
import io.permafrost.store.VaultStore;
import io.permafrost.store.sql.AccessPolicyHistoryRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

final class SqliteVaultStore implements VaultStore {
    private static final String VAULT_COLUMNS =
            "id, account_id, name, created_at, last_inventory_at, archive_count, size_bytes";

    private final SqliteDatabase db;

    SqliteVaultStore(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<VaultRecord> find(String accountId, String name) {
        return db.read(c -> findVault(c, accountId, name));
    }

    @Override
    public Optional<VaultAccessView> findForAccess(String accountId, String name) {
        return db.read(c -> accessView(c, "v.account_id = ? AND v.name = ?", accountId, name));
    }

    /** The vault's access view as the connection's transaction sees it: for re-checks inside a write. */
    static Optional<VaultAccessView> accessView(Connection c, long vaultId) throws SQLException {
        return accessView(c, "v.id = ?", vaultId);
    }

    private static Optional<VaultAccessView> accessView(Connection c, String where, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.id, v.account_id, v.name, v.created_at, "
                + "v.last_inventory_at, v.archive_count, v.size_bytes, v.access_policy, "
                + "l.policy, l.state, l.lock_id, l.created_at, l.expires_at, l.completed_at "
                + "FROM vaults v LEFT JOIN vault_locks l ON l.vault_id = v.id WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                VaultRecord vault = vault(rs);
                String accessPolicy = rs.getString(8);
                LockRecord lock = rs.getString(9) == null ? null : lock(rs, 9);
                return Optional.of(new VaultAccessView(vault, readTags(c, vault.id()), accessPolicy, lock));
            }
        }
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

    private static VaultRecord vault(ResultSet rs) throws SQLException {
        long inventory = rs.getLong(5);
        return new VaultRecord(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                rs.wasNull() || inventory == 0 ? null : Instant.ofEpochMilli(inventory), rs.getLong(6), rs.getLong(7));
    }

    @Override
    public Optional<VaultRecord> createIfAbsent(String accountId, String name, Instant now, int maxVaults) {
        return db.write(c -> {
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
                ps.setLong(1, unusedVaultId(c));
                ps.setString(2, accountId);
                ps.setString(3, name);
                ps.setLong(4, now.toEpochMilli());
                ps.executeUpdate();
            }
            return findVault(c, accountId, name);
        });
    }

    /**
     * A vault id is never given twice. SQLite's default (largest rowid + 1) hands the id of the newest vault
     * to the next one once it is deleted, and a request that resolved the old vault before (an upload whose
     * body streams for minutes) would then write into the successor, possibly another account's. A random
     * 63-bit id is practically never drawn again, and the schema needs no change.
     */
    private static long unusedVaultId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM vaults WHERE id = ?")) {
            while (true) {
                long candidate = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
                ps.setLong(1, candidate);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return candidate;
                    }
                }
            }
        }
    }

    @Override
    public Page<VaultRecord> list(String accountId, String fromName, int limit) {
        return db.read(c -> {
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
                String next = null;
                if (items.size() > limit) {
                    next = items.remove(limit).name();
                }
                return new Page<>(items, next);
            }
        });
    }

    @Override
    public List<VaultRecord> all() {
        return db.read(c -> {
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
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT archive_count FROM vaults WHERE id = ?")) {
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
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT p.blob_id FROM parts p JOIN uploads u ON p.upload_id = u.id WHERE u.vault_id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        released.add(rs.getString(1));
                    }
                }
            }
            // Blobs the vault's jobs hold (retrievals of archives since deleted, inventories): the vault has no
            // archives left, so nothing else can refer to them.
            try (PreparedStatement ps = c.prepareStatement("SELECT s.blob_id FROM job_segments s JOIN jobs j "
                    + "ON s.job_id = j.id WHERE j.vault_id = ? UNION SELECT output_blob_id FROM jobs "
                    + "WHERE vault_id = ? AND output_blob_id IS NOT NULL "
                    + "UNION SELECT blob_id FROM inventory_snapshots WHERE vault_id = ?")) {
                ps.setLong(1, vaultId);
                ps.setLong(2, vaultId);
                ps.setLong(3, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        released.add(rs.getString(1));
                    }
                }
            }
            // Tags, lock, uploads, parts and anything else keyed by the vault go with it (ON DELETE CASCADE).
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vaults WHERE id = ?")) {
                ps.setLong(1, vaultId);
                ps.executeUpdate();
            }
            return new VaultDeletion(VaultDeletion.Outcome.DELETED, released);
        });
    }

    @Override
    public Map<String, String> tags(long vaultId) {
        return db.read(c -> readTags(c, vaultId));
    }

    private static Map<String, String> readTags(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tag_key, tag_value FROM vault_tags WHERE vault_id = ?")) {
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
        try {
            return putTagsOrThrow(vaultId, tags, maxTags);
        } catch (TagLimitExceeded e) {
            return TagPut.LIMIT_EXCEEDED;
        }
    }

    private TagPut putTagsOrThrow(long vaultId, Map<String, String> tags, int maxTags) {
        return db.write(c -> {
            // A DeleteVault that committed after this request was authorized leaves nothing to tag.
            if (!vaultExists(c, vaultId)) {
                return TagPut.NO_VAULT;
            }
            // Checked in the write itself, so two requests racing with "LegalHold" and "legalhold" cannot both land.
            Optional<TagPut> conflict = caseConflict(readTags(c, vaultId).keySet(), tags.keySet());
            if (conflict.isPresent()) {
                return conflict.get();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vault_tags (vault_id, tag_key, tag_value) VALUES (?, ?, ?) "
                            + "ON CONFLICT (vault_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
                for (Map.Entry<String, String> tag : tags.entrySet()) {
                    ps.setLong(1, vaultId);
                    ps.setString(2, tag.getKey());
                    ps.setString(3, tag.getValue());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM vault_tags WHERE vault_id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > maxTags) {
                        throw new TagLimitExceeded();
                    }
                }
            }
            return TagPut.STORED;
        });
    }

    /** Whether the vault still exists, read inside a write: the writes that follow may rely on it. */
    static boolean vaultExists(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM vaults WHERE id = ?")) {
            ps.setLong(1, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The first requested key that names an existing key in other letter case (the same key exactly is an overwrite). */
    private static Optional<TagPut> caseConflict(Collection<String> existing, Collection<String> requested) {
        for (String key : requested) {
            for (String present : existing) {
                if (!present.equals(key) && NameFolding.sameName(present, key)) {
                    return Optional.of(TagPut.caseConflict(key, present));
                }
            }
        }
        return Optional.empty();
    }

    /** Thrown inside the write so its savepoint rolls the inserts back; never escapes this class. */
    private static final class TagLimitExceeded extends RuntimeException {
        TagLimitExceeded() {
            super(null, null, false, false);
        }
    }

    @Override
    public void removeTags(long vaultId, Collection<String> keys) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_tags WHERE vault_id = ? AND tag_key = ?")) {
                for (String key : keys) {
                    ps.setLong(1, vaultId);
                    ps.setString(2, key);
                    ps.executeUpdate();
                }
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
        db.write(c -> AccessPolicyHistoryRows.change(c, vaultId, change));
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
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM vaults WHERE id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    private void writeColumn(long vaultId, String column, String value) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET " + column + " = ? WHERE id = ?")) {
                ps.setString(1, value);
                ps.setLong(2, vaultId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<LockRecord> lock(long vaultId) {
        return db.read(c -> findLock(c, vaultId));
    }

    private static Optional<LockRecord> findLock(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT policy, state, lock_id, created_at, expires_at, completed_at FROM vault_locks WHERE vault_id = ?")) {
            ps.setLong(1, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(lock(rs, 1)) : Optional.empty();
            }
        }
    }

    /** A lock record from six columns starting at {@code first}: policy, state, lock id, created, expires, completed. */
    private static LockRecord lock(ResultSet rs, int first) throws SQLException {
        long expires = rs.getLong(first + 4);
        Instant expiration = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        long completed = rs.getLong(first + 5);
        Instant completedAt = rs.wasNull() ? null : Instant.ofEpochMilli(completed);
        return new LockRecord(rs.getString(first), LockRecord.LockState.valueOf(rs.getString(first + 1)),
                rs.getString(first + 2), Instant.ofEpochMilli(rs.getLong(first + 3)), expiration, completedAt);
    }

    @Override
    public boolean replaceLock(long vaultId, LockRecord expected, LockRecord next) {
        return db.write(c -> {
            LockRecord current = findLock(c, vaultId).orElse(null);
            if (!Objects.equals(current, expected)) {
                return false;
            }
            if (current != null && current.state() == LockRecord.LockState.LOCKED) {
                // WORM: a locked policy is never replaced or removed, whoever asks.
                return false;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM vault_locks WHERE vault_id = ?")) {
                del.setLong(1, vaultId);
                del.executeUpdate();
            }
            if (next != null) {
                // Only into a vault that still exists: one deleted since the caller read it takes no lock (and
                // the foreign key would fail the whole write otherwise).
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO vault_locks "
                        + "(vault_id, policy, state, lock_id, created_at, expires_at, completed_at) SELECT id, ?, ?, ?, ?, ?, ? "
                        + "FROM vaults WHERE id = ?")) {
                    ins.setString(1, next.policy());
                    ins.setString(2, next.state().name());
                    ins.setString(3, next.lockId());
                    ins.setLong(4, next.creationDate().toEpochMilli());
                    if (next.expirationDate() == null) {
                        ins.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        ins.setLong(5, next.expirationDate().toEpochMilli());
                    }
                    if (next.completedAt() == null) {
                        ins.setNull(6, java.sql.Types.INTEGER);
                    } else {
                        ins.setLong(6, next.completedAt().toEpochMilli());
                    }
                    ins.setLong(7, vaultId);
                    return ins.executeUpdate() == 1;
                }
            }
            return true;
        });
    }

    @Override
    public int deleteExpiredLocks(Instant now) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM vault_locks WHERE state = 'IN_PROGRESS' AND expires_at <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void setLastInventoryDate(long vaultId, Instant when) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET last_inventory_at = ? WHERE id = ?")) {
                ps.setLong(1, when.toEpochMilli());
                ps.setLong(2, vaultId);
                return ps.executeUpdate();
            }
        });
    }
}
