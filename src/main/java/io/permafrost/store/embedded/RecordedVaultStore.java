package io.permafrost.store.embedded;

import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.LockRecord;
import io.permafrost.store.Page;
import io.permafrost.store.VaultAccessView;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vault store that also keeps each vault's lock and access policy in a {@link VaultRecordFiles
 * vault record} beside the blobs, so neither is lost with the metadata database. A change to LOCKED
 * is recorded before it commits (a crash in between leaves the record stricter than the database,
 * never weaker); everything else after it commits.
 */
final class RecordedVaultStore implements VaultStore {
    private final VaultStore vaults;
    private final SqliteDatabase db;
    private final VaultRecordFiles records;
    /** Held while a record is written or a vault deleted: a write never outlives the vault it is for. */
    private final Object recordWrites = new Object();

    RecordedVaultStore(VaultStore vaults, SqliteDatabase db, VaultRecordFiles records) {
        this.vaults = vaults;
        this.db = db;
        this.records = records;
    }

    @Override
    public boolean replaceLock(long vaultId, LockRecord expected, LockRecord next) {
        boolean locking = next != null && next.state() == LockRecord.LockState.LOCKED;
        if (locking) {
            record(vaultId, next);
        }
        boolean replaced = vaults.replaceLock(vaultId, expected, next);
        if (replaced || locking) {
            record(vaultId, lock(vaultId).orElse(null));
        }
        return replaced;
    }

    @Override
    public int deleteExpiredLocks(Instant now) {
        // An expired InProgress lock binds nothing; its record may stay until the next change.
        return vaults.deleteExpiredLocks(now);
    }

    @Override
    public void setAccessPolicy(long vaultId, AccessPolicyChange change) {
        vaults.setAccessPolicy(vaultId, change);
        record(vaultId, lock(vaultId).orElse(null));
    }

    /**
     * Removes the record first, then deletes the vault, and writes the record back from the database
     * when the vault was not deleted: a crash in between leaves a vault without its record, which the
     * next start rewrites ({@link VaultRecordReconciliation}), never a Locked record of a deleted vault
     * that would block every start. Record writes wait meanwhile, so none lands for a vault being deleted.
     */
    @Override
    public VaultDeletion delete(long vaultId) {
        synchronized (recordWrites) {
            Optional<Identity> vault = identity(vaultId);
            if (vault.isPresent()) {
                try {
                    records.delete(vault.get().accountId(), vault.get().name(), vault.get().creationDate());
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete the record of vault " + vault.get().name(), e);
                }
            }
            VaultDeletion deletion = null;
            try {
                deletion = vaults.delete(vaultId);
                return deletion;
            } finally {
                if (deletion == null || deletion.outcome() != VaultDeletion.Outcome.DELETED) {
                    record(vaultId, lock(vaultId).orElse(null));
                }
            }
        }
    }

    private record Identity(long id, String accountId, String name, Instant creationDate) {
    }

    private Optional<Identity> identity(long vaultId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT account_id, name, created_at FROM vaults WHERE id = ?")) {
                ps.setLong(1, vaultId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Identity(vaultId, rs.getString(1), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)))) : Optional.empty();
                }
            }
        });
    }

    private void record(long vaultId, LockRecord lock) {
        synchronized (recordWrites) {
            Optional<Identity> vault = identity(vaultId);
            if (vault.isEmpty()) {
                return;
            }
            write(vault.get(), lock);
        }
    }

    private void write(Identity vault, LockRecord lock) {
        try {
            records.write(new VaultRecordFiles.Entry(vault.accountId(), vault.name(), vault.creationDate(),
                    vaults.accessPolicy(vault.id()).orElse(null), lock));
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the lock and access policy of vault "
                    + vault.name() + " beside the blobs", e);
        }
    }

    // ---- the rest changes nothing a record holds

    @Override
    public Optional<VaultRecord> find(String accountId, String name) {
        return vaults.find(accountId, name);
    }

    @Override
    public Optional<VaultAccessView> findForAccess(String accountId, String name) {
        return vaults.findForAccess(accountId, name);
    }

    @Override
    public Optional<VaultRecord> createIfAbsent(String accountId, String name, Instant now, int maxVaults) {
        return vaults.createIfAbsent(accountId, name, now, maxVaults);
    }

    @Override
    public Page<VaultRecord> list(String accountId, String fromName, int limit) {
        return vaults.list(accountId, fromName, limit);
    }

    @Override
    public List<VaultRecord> all() {
        return vaults.all();
    }

    @Override
    public Map<String, String> tags(long vaultId) {
        return vaults.tags(vaultId);
    }

    @Override
    public TagPut putTags(long vaultId, Map<String, String> tags, int maxTags) {
        return vaults.putTags(vaultId, tags, maxTags);
    }

    @Override
    public void removeTags(long vaultId, Collection<String> keys) {
        vaults.removeTags(vaultId, keys);
    }

    @Override
    public Optional<String> accessPolicy(long vaultId) {
        return vaults.accessPolicy(vaultId);
    }

    @Override
    public Optional<String> notificationConfig(long vaultId) {
        return vaults.notificationConfig(vaultId);
    }

    @Override
    public void setNotificationConfig(long vaultId, String configJson) {
        vaults.setNotificationConfig(vaultId, configJson);
    }

    @Override
    public Optional<LockRecord> lock(long vaultId) {
        return vaults.lock(vaultId);
    }

    @Override
    public void setLastInventoryDate(long vaultId, Instant when) {
        vaults.setLastInventoryDate(vaultId, when);
    }
}
