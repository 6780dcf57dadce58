package io.permafrost.store.embedded;

import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Before serving, holds the vault records beside the blobs against the metadata database. A record
 * Locked for a vault the database lacks, or has without that same Locked policy, means the database
 * is older than the lock (restored from a backup) or damaged: served as it is, that vault could be
 * created again without its lock and its archives deleted. So the start is refused, and recover
 * brings the vault back Locked. A vault Locked in the database without its record (a crash during a
 * DeleteVault that did not happen, or a record lost) gets the record rewritten from the database.
 * An unreadable record is refused too: it may be the one that holds a lock.
 */
final class VaultRecordReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(VaultRecordReconciliation.class);

    private final Path metadataFile;
    private final VaultStore vaults;
    private final VaultRecordFiles records;

    VaultRecordReconciliation(Path metadataFile, VaultStore vaults, VaultRecordFiles records) {
        this.metadataFile = metadataFile;
        this.vaults = vaults;
        this.records = records;
    }

    void run() {
        try {
            for (Path file : records.files()) {
                refuseLockMissingFromDatabase(file, readable(file));
            }
            for (VaultRecord vault : vaults.all()) {
                rewriteMissingRecord(vault);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare the vault records with " + metadataFile, e);
        }
    }

    private VaultRecordFiles.Entry readable(Path file) {
        try {
            return VaultRecordFiles.read(file);
        } catch (IOException | RuntimeException e) {
            throw refusal("the vault record " + file.toAbsolutePath() + " cannot be read (" + e.getMessage()
                    + "), and it may hold a Vault Lock");
        }
    }

    private void refuseLockMissingFromDatabase(Path file, VaultRecordFiles.Entry recorded) {
        if (!isLocked(recorded.lock())) {
            return;
        }
        Optional<VaultRecord> vault = vaults.find(recorded.accountId(), recorded.vaultName());
        Optional<LockRecord> lock = vault.flatMap(v -> vaults.lock(v.id()));
        String problem = vault.isEmpty() ? "has no such vault"
                : !isLocked(lock.orElse(null)) ? "does not have it Locked"
                : !lock.get().policy().equals(recorded.lock().policy()) ? "has it Locked with another policy"
                : null;
        if (problem != null) {
            throw refusal("vault " + recorded.accountId() + "/" + recorded.vaultName() + " is Locked according to its "
                    + "record " + file.toAbsolutePath() + ", but the metadata database " + problem);
        }
    }

    private void rewriteMissingRecord(VaultRecord vault) throws IOException {
        LockRecord lock = vaults.lock(vault.id()).orElse(null);
        if (!isLocked(lock)) {
            return;
        }
        Optional<VaultRecordFiles.Entry> recorded = records.find(vault.accountId(), vault.name());
        if (recorded.isPresent() && recorded.get().lock() != null && recorded.get().lock().equals(lock)
                && recorded.get().creationDate().equals(vault.creationDate())) {
            return;
        }
        records.write(new VaultRecordFiles.Entry(vault.accountId(), vault.name(), vault.creationDate(),
                vaults.accessPolicy(vault.id()).orElse(null), lock));
        LOG.warn("vault {}/{} is Locked but its record beside the blobs was {}: rewrote it from the metadata database",
                vault.accountId(), vault.name(), recorded.isEmpty() ? "missing" : "out of date");
    }

    private static boolean isLocked(LockRecord lock) {
        return lock != null && lock.state() == LockState.LOCKED;
    }

    private DataDirectoryRefused refusal(String problem) {
        Path dataDir = metadataFile.toAbsolutePath().getParent();
        return new DataDirectoryRefused("Refusing to start: " + problem + ". The metadata looks restored from an older "
                + "backup, or damaged; served as it is, the vault could be created again without its lock. Nothing was "
                + "changed. Run: permafrost recover --data " + dataDir + " (it restores the vault Locked, with its archives)");
    }
}
