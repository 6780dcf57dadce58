package io.permafrost.store.sql;

import io.permafrost.glacier.NameFolding;
import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.LockRecord;
import io.permafrost.store.Page;
import io.permafrost.store.VaultAccessView;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
 * Vaults, for both backends. Each write that depends on what it read first (the lock's compare-and-set,
 * the tag limit and case check, "delete only if empty") starts by taking the vault row's lock
 * ({@link SqlEngine#lockVault}, {@link SqlEngine#lockingRead}): on PostgreSQL at READ COMMITTED two nodes
 * would otherwise both read the old state and both act on it, so every such write on one vault runs one
 * after the other across all nodes. On SQLite the single writer already runs them one after the other,
 * and the same call only checks that the vault still exists.
 */
public final class SqlVaultStore implements VaultStore {
    private static final String LOCK_COLUMNS = "policy, state, lock_id, created_at, expires_at, completed_at";

    private final SqlEngine db;

    public SqlVaultStore(SqlEngine db) {
        this.db = db;
    }

    /** The columns {@link #vault} reads, of the vault row aliased {@code v}. */
    private static String vaultColumns(SqlEngine db) {
        return "v.id, v.account_id, v.name, v.created_at, v.last_inventory_at, " + db.vaultCounts("v");
    }

    @Override
    public Optional<VaultRecord> find(String accountId, String name) {
        return db.read(c -> findVault(c, accountId, name));
    }

    @Override
    public Optional<VaultAccessView> findForAccess(String accountId, String name) {
        return db.read(c -> accessView(db, c, "v.account_id = ? AND v.name = ?", accountId, name));
    }

    /**
     * The vault's tags, access policy and lock as the connection's transaction sees them: for the re-check a
     * lock-governed write of another store makes inside its own transaction, after taking the vault row lock.
     */
    public static Optional<VaultAccessView> accessView(SqlEngine db, Connection c, long vaultId) throws SQLException {
        return accessView(db, c, "v.id = ?", vaultId);
    }

    private static Optional<VaultAccessView> accessView(SqlEngine db, Connection c, String where, Object... args)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + vaultColumns(db) + ", v.access_policy, "
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

    private Optional<VaultRecord> findVault(Connection c, String accountId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + vaultColumns(db) + " FROM vaults v WHERE v.account_id = ? AND v.name = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, name);
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
        return db.write(c -> {
            // One account's creations run one at a time, so two nodes cannot both pass the count below with
            // the account one short of its limit.
            db.lockAccount(c, accountId);
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
     * 63-bit id is practically never drawn again; should two nodes draw the same one at once, the primary
     * key fails the second insert rather than reusing the id.
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
            try (PreparedStatement ps = c.prepareStatement("SELECT " + vaultColumns(db)
                    + " FROM vaults v WHERE v.account_id = ? AND v.name >= ? ORDER BY v.name LIMIT ?")) {
                ps.setString(1, accountId);
                ps.setString(2, fromName == null ? "" : fromName);
                ps.setInt(3, limit + 1);
                List<VaultRecord> items = vaults(ps);
                String next = items.size() > limit ? items.remove(limit).name() : null;
                return new Page<>(items, next);
            }
        });
    }

    @Override
    public List<VaultRecord> all() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + vaultColumns(db)
                    + " FROM vaults v ORDER BY v.account_id, v.name")) {
                return vaults(ps);
            }
        });
    }

    private static List<VaultRecord> vaults(PreparedStatement ps) throws SQLException {
        List<VaultRecord> vaults = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                vaults.add(vault(rs));
            }
        }
        return vaults;
    }

    @Override
    public VaultDeletion delete(long vaultId) {
        return db.write(c -> {
            // The row lock makes "empty" hold until the delete: an archive insert takes this row's lock too
            // (the shared kind where writers are concurrent), so it committed before or waits until this ends.
            if (!db.lockVault(c, vaultId)) {
                return new VaultDeletion(VaultDeletion.Outcome.NOT_FOUND, List.of());
            }
            // Counted by a statement of its own, after the lock: PostgreSQL takes a statement's snapshot before
            // the statement waits for a lock, so a count in the locking statement would miss the archives of
            // the inserts it waited for (only the locked row itself is re-read at its newest version).
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + db.vaultCounts("v") + " FROM vaults v WHERE v.id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return new VaultDeletion(VaultDeletion.Outcome.NOT_EMPTY, List.of());
                    }
                }
            }
            // The blobs of the vault's uploads and jobs (retrievals of archives since deleted, inventories): the
            // vault has no archives left, so nothing else can refer to them.
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
        return db.write(c -> {
            // A DeleteVault that committed after this request was authorized leaves nothing to tag.
            if (!db.lockVault(c, vaultId)) {
                return TagPut.NO_VAULT;
            }
            // Under the vault's row lock the tags read here are the ones the insert lands on, so the limit and
            // the case check ("LegalHold" racing "legalhold") are decided before writing anything: a refusal
            // writes nothing to roll back.
            Set<String> existing = readTags(c, vaultId).keySet();
            Optional<TagPut> conflict = caseConflict(existing, tags.keySet());
            if (conflict.isPresent()) {
                return conflict.get();
            }
            Set<String> after = new HashSet<>(existing);
            after.addAll(tags.keySet());
            if (after.size() > maxTags) {
                return TagPut.LIMIT_EXCEEDED;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vault_tags (vault_id, tag_key, tag_value) VALUES (?, ?, ?) "
                            + "ON CONFLICT (vault_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
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

    @Override
    public void removeTags(long vaultId, Collection<String> keys) {
        db.write(c -> {
            // Tags decide what a lock policy allows (a legal hold): a removal serializes with the
            // lock-governed writes that re-read them.
            db.lockVault(c, vaultId);
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
        db.write(c -> AccessPolicyHistoryRows.change(c, vaultId, change));
    }

    @Override
    public Optional<String> notificationConfig(long vaultId) {
        return readColumn(vaultId, "notification_config");
    }

    @Override
    public void setNotificationConfig(long vaultId, String configJson) {
        db.write(c -> {
            // An UPDATE takes the row lock itself, so it waits for, and is seen by, the lock-governed writes.
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET notification_config = ? WHERE id = ?")) {
                ps.setString(1, configJson);
                ps.setLong(2, vaultId);
                return ps.executeUpdate();
            }
        });
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

    @Override
    public Optional<LockRecord> lock(long vaultId) {
        return db.read(c -> findLock(c, vaultId));
    }

    private static Optional<LockRecord> findLock(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + LOCK_COLUMNS + " FROM vault_locks WHERE vault_id = ?")) {
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
            // The vault row's lock orders this compare-and-set after any other node's: the loser reads the
            // winner's record and finds it is not what it expected. A vault deleted since the caller read it
            // takes no lock.
            if (!db.lockVault(c, vaultId)) {
                return false;
            }
            LockRecord current = findLock(c, vaultId).orElse(null);
            if (!Objects.equals(current, expected)) {
                return false;
            }
            if (current != null && current.state() == LockRecord.LockState.LOCKED) {
                // WORM: a Locked policy is never replaced or removed, whoever asks (the trigger refuses it as well).
                return false;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM vault_locks WHERE vault_id = ?")) {
                del.setLong(1, vaultId);
                del.executeUpdate();
            }
            if (next != null) {
                try (PreparedStatement ins = c.prepareStatement(
                        "INSERT INTO vault_locks (vault_id, " + LOCK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ins.setLong(1, vaultId);
                    ins.setString(2, next.policy());
                    ins.setString(3, next.state().name());
                    ins.setString(4, next.lockId());
                    ins.setLong(5, next.creationDate().toEpochMilli());
                    setMillisOrNull(ins, 6, next.expirationDate());
                    setMillisOrNull(ins, 7, next.completedAt());
                    ins.executeUpdate();
                }
            }
            return true;
        });
    }

    private static void setMillisOrNull(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    @Override
    public int deleteExpiredLocks(Instant now) {
        // A Complete racing this holds the lock row (it deletes the InProgress row and inserts the Locked one):
        // the delete waits for it, then finds the InProgress row gone; the Locked row never matches.
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
