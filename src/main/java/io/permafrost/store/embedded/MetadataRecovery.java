package io.permafrost.store.embedded;

import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Rebuilds what the metadata database lost from what lies beside the blobs: vault records (lock and
 * access policy) and archive manifests (sidecars). It only ever adds: an archive the database knows,
 * or deleted (tombstoned, or whose blob is listed as released), is left alone; a lock is only added
 * or made stricter (InProgress to Locked), never removed or weakened; an access policy only where
 * the vault has none. A manifest whose archive is unknown but whose blobs belong to an archive the
 * database knows (a losing Complete of the same upload, left by a crash) is skipped: two archives
 * never share blobs. Blobs the sweep had quarantined go back into their shards when a manifest
 * claims them. Runs with the data directory locked, so never beside a server.
 */
public final class MetadataRecovery {

    /** What a run did; {@code problems} names each record or manifest it could not use, and why. */
    public record Report(int vaultsCreated, int locksRestored, int accessPoliciesRestored, int archivesRestored,
                         int archivesAlreadyKnown, List<String> problems) {
    }

    private final Path dataDir;
    private final Consumer<String> progress;
    private final Instant now;
    /** The principal the access policy history names for a policy restored from a vault record. */
    static final String RESTORED_BY = "permafrost recover";

    public MetadataRecovery(Path dataDir, Instant now, Consumer<String> progress) {
        this.dataDir = dataDir;
        this.now = now;
        this.progress = progress;
    }

    public Report run() throws IOException {
        try (SqliteMetadataStore metadata = SqliteMetadataStore.openForRecovery(dataDir.resolve("metadata.db"))) {
            FileBlobStore files = new FileBlobStore(dataDir.resolve("blobs"));
            EmbeddedBlobStore blobs = new EmbeddedBlobStore(metadata, files);
            Counts counts = new Counts();
            VaultRecordFiles records = new VaultRecordFiles(dataDir.resolve("blobs").resolve(VaultRecordFiles.DIRECTORY));
            for (Path file : records.files()) {
                try {
                    restoreVault(metadata, VaultRecordFiles.read(file), counts);
                } catch (IOException | RuntimeException e) {
                    counts.problem(file + ": " + e.getMessage());
                }
            }
            for (Path file : files.manifests()) {
                try {
                    restoreArchive(metadata, blobs, ArchiveManifestFile.read(file), counts);
                } catch (IOException | RuntimeException e) {
                    counts.problem(file + ": " + e.getMessage());
                }
            }
            return new Report(counts.vaults, counts.locks, counts.policies, counts.archives, counts.known,
                    List.copyOf(counts.problems));
        }
    }

    private final class Counts {
        int vaults;
        int locks;
        int policies;
        int archives;
        int known;
        final List<String> problems = new ArrayList<>();

        void problem(String what) {
            problems.add(what);
            progress.accept("SKIPPED " + what);
        }
    }

    private VaultRecord vault(SqliteMetadataStore metadata, String accountId, String name, Instant created, Counts counts) {
        Optional<VaultRecord> existing = metadata.vaults().find(accountId, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        counts.vaults++;
        progress.accept("vault " + accountId + "/" + name + " created");
        return metadata.vaults().createIfAbsent(accountId, name, created, Integer.MAX_VALUE).orElseThrow();
    }

    private void restoreVault(SqliteMetadataStore metadata, VaultRecordFiles.Entry entry, Counts counts) {
        VaultRecord vault = vault(metadata, entry.accountId(), entry.vaultName(), entry.creationDate(), counts);
        VaultStore vaults = metadata.vaults();
        LockRecord recorded = entry.lock();
        LockRecord current = vaults.lock(vault.id()).orElse(null);
        boolean stricter = recorded != null && (current == null
                ? recorded.isLiveAt(now)
                : current.state() == LockState.IN_PROGRESS && recorded.state() == LockState.LOCKED);
        if (stricter) {
            if (!vaults.replaceLock(vault.id(), current, recorded)) {
                throw new IllegalStateException("the lock of " + entry.vaultName() + " changed while recovering");
            }
            counts.locks++;
            progress.accept("vault " + entry.accountId() + "/" + entry.vaultName() + " lock " + recorded.state());
        }
        if (entry.accessPolicy() != null && vaults.accessPolicy(vault.id()).isEmpty()) {
            // Its history went with the lost database; the restore itself is the first entry of the new one.
            vaults.setAccessPolicy(vault.id(), new AccessPolicyChange(now, RESTORED_BY, entry.accessPolicy()));
            counts.policies++;
        }
    }

    private void restoreArchive(SqliteMetadataStore metadata, EmbeddedBlobStore blobs, ArchiveManifestFile.Read read,
                                Counts counts) throws IOException {
        ArchiveManifest archive = read.manifest();
        if (isKnownOrDeleted(metadata.database(), archive)) {
            counts.known++;
            return;
        }
        Optional<String> owner = knownArchiveOver(metadata.database(), archive);
        if (owner.isPresent()) {
            // A losing Complete of the same upload (left behind by a crash): its id was never the one acknowledged.
            throw new IOException("archive " + archive.archiveId() + " is not known, but its blobs belong to archive "
                    + owner.get() + "; not adding a second archive over the same bytes");
        }
        long total = 0;
        for (BlobSegment segment : archive.segments()) {
            byte[] inline = read.inlineSegments().get(segment.blobId());
            if (inline != null) {
                if (inline.length != segment.length()) {
                    throw new IOException("inline segment " + segment.blobId() + " holds " + inline.length + " bytes");
                }
                blobs.restoreInline(segment.blobId(), inline);
            } else if (!blobs.files().restoreFromQuarantine(segment.blobId())) {
                throw new IOException("archive " + archive.archiveId() + ": blob " + segment.blobId() + " is missing");
            } else if (blobs.size(segment.blobId()) != segment.length()) {
                throw new IOException("archive " + archive.archiveId() + ": blob " + segment.blobId() + " holds "
                        + blobs.size(segment.blobId()) + " bytes, the manifest says " + segment.length());
            }
            total += segment.length();
        }
        if (total != archive.size()) {
            throw new IOException("archive " + archive.archiveId() + ": segments hold " + total + " bytes, not " + archive.size());
        }
        VaultRecord vault = vault(metadata, archive.accountId(), archive.vaultName(), archive.creationDate(), counts);
        metadata.archives().insert(new ArchiveRecord(archive.archiveId(), vault.id(), archive.description(),
                archive.size(), archive.treeHash(), archive.creationDate(), archive.segments()));
        counts.archives++;
    }

    /** The archive the database knows that holds one of {@code archive}'s blobs, if any. */
    private static Optional<String> knownArchiveOver(SqliteDatabase db, ArchiveManifest archive) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT archive_id FROM archive_segments WHERE blob_id = ? LIMIT 1")) {
                for (BlobSegment segment : archive.segments()) {
                    ps.setString(1, segment.blobId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(rs.getString(1));
                        }
                    }
                }
            }
            return Optional.<String>empty();
        });
    }

    /** Known, or deleted: tombstoned, or one of its blobs released by a committed delete. */
    private static boolean isKnownOrDeleted(SqliteDatabase db, ArchiveManifest archive) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM archives WHERE id = ?) "
                    + "OR EXISTS (SELECT 1 FROM archive_tombstones WHERE id = ?)")) {
                ps.setString(1, archive.archiveId());
                ps.setString(2, archive.archiveId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM released_blobs WHERE id = ?")) {
                for (BlobSegment segment : archive.segments()) {
                    ps.setString(1, segment.blobId());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        });
    }
}
