package io.permafrost.store.embedded;

import io.permafrost.audit.AuditDatabase;
import io.permafrost.store.sql.SqlAuditDatabase;
import io.permafrost.store.AccountStore;
import io.permafrost.store.ArchiveStore;
import io.permafrost.store.Coordination;
import io.permafrost.store.EvidenceStore;
import io.permafrost.store.InventorySnapshotStore;
import io.permafrost.store.JobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.UploadStore;
import io.permafrost.store.VaultStore;
import io.permafrost.store.sql.SqlAccountStore;
import io.permafrost.store.sql.SqlEvidenceStore;
import io.permafrost.store.sql.SqlInventorySnapshotStore;
import io.permafrost.store.sql.SqlJobStore;
import io.permafrost.store.sql.SqlVaultStore;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/** The embedded metadata store: one SQLite file, {@code DIR/metadata.db}. */
public final class SqliteMetadataStore implements MetadataStore {
    private static final int READERS = 4;

    private final SqliteDatabase db;
    /** Null unless opened for serving or recovery. */
    private final DataDirectoryLock lock;
    private final BlobReferences blobReferences = new BlobReferences();
    private final InlineBlobsAwaitingArchive inlineAwaitingArchive = new InlineBlobsAwaitingArchive();
    private final VaultStore vaults;
    private final VaultRecordFiles records;
    private final SqliteArchiveStore archives;
    private final SqliteUploadStore uploads;
    private final JobStore jobs;
    private final SqliteCoordination coordination;
    private final AccountStore accounts;
    private final InventorySnapshotStore inventorySnapshots;
    private final SqliteEngine engine;
    private final EvidenceStore evidence;
    private final AuditDatabase audit;

    /** Opens the metadata of a data directory; refuses one whose metadata was lost while its blobs remain. */
    public SqliteMetadataStore(Path file) {
        this(file, LostMetadataGuard.beside(file, blobsBeside(file)), null);
    }

    /** Where the blobs of the data directory of {@code file} are: its sibling {@code blobs/}. */
    private static Path blobsBeside(Path file) {
        return file.resolveSibling("blobs");
    }

    private SqliteMetadataStore(Path file, LostMetadataGuard guard, DataDirectoryLock lock) {
        this.lock = lock;
        this.db = new SqliteDatabase(file, READERS, guard::refuseNewSchemaBesideBlobs);
        this.records = new VaultRecordFiles(blobsBeside(file).resolve(VaultRecordFiles.DIRECTORY));
        this.engine = new SqliteEngine(db, blobReferences);
        this.vaults = new RecordedVaultStore(new SqlVaultStore(engine), db, records);
        this.archives = new SqliteArchiveStore(db, blobReferences, inlineAwaitingArchive);
        this.uploads = new SqliteUploadStore(db, blobReferences);
        this.jobs = new SqlJobStore(engine);
        blobReferences.register("job_segments.blob_id");
        blobReferences.register("jobs.output_blob_id");
        blobReferences.register("inventory_snapshots.blob_id");
        this.coordination = new SqliteCoordination(db, blobReferences);
        this.accounts = new SqlAccountStore(engine);
        this.inventorySnapshots = new SqlInventorySnapshotStore(engine);
        this.evidence = new SqlEvidenceStore(engine);
        this.audit = new SqlAuditDatabase(engine);
        try {
            db.write(c -> {
                blobReferences.recordReleases(c);
                return null;
            });
            guard.refuseEmptyMetadataBesideBlobs(hasVaults(), this::isReleased);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * For the server: like the constructor, and holds the data directory's lock until closed, so that
     * {@code recover} cannot run beside it (nor a second server); refuses a database that lacks a
     * Vault Lock its vault records hold ({@link VaultRecordReconciliation}).
     */
    public static SqliteMetadataStore openForServing(Path file) {
        SqliteMetadataStore store = openLocked(file, LostMetadataGuard.beside(file, blobsBeside(file)));
        try {
            new VaultRecordReconciliation(file, store.vaults, store.records).run();
            store.coordination.forgetEarlierProcesses();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * For {@code recover} only: holds the data directory's lock (refuses while a server runs there) and
     * opens, creating it if need be, the metadata of a directory that may hold only blobs.
     */
    static SqliteMetadataStore openForRecovery(Path file) {
        return openLocked(file, LostMetadataGuard.NONE);
    }

    private static SqliteMetadataStore openLocked(Path file, LostMetadataGuard guard) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(file.toAbsolutePath().getParent());
        try {
            return new SqliteMetadataStore(file, guard, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private boolean hasVaults() {
        return db.read(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM vaults)")) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    private boolean isReleased(String blobId) {
        return db.read(c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM released_blobs WHERE id = ?")) {
                ps.setString(1, blobId);
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Where the blob store leaves a small upload's bytes for its archive's insert to write. */
    InlineBlobsAwaitingArchive inlineAwaitingArchive() {
        return inlineAwaitingArchive;
    }

    /** The shared database, for embedded stores of other areas (jobs) that live beside these. */
    SqliteDatabase database() {
        return db;
    }

    /** The engine the stores shared with the cluster backend run on (topics and queues are built on it). */
    SqliteEngine engine() {
        return engine;
    }


    @Override
    public AuditDatabase audit() {
        return audit;
    }

    @Override
    public VaultStore vaults() {
        return vaults;
    }

    @Override
    public ArchiveStore archives() {
        return archives;
    }

    @Override
    public UploadStore uploads() {
        return uploads;
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    /** Leases, the notification outbox and the blob deletion queue, in this database. */
    public Coordination coordination() {
        return coordination;
    }

    @Override
    public Set<String> referencedBlobs(Collection<String> blobIds) {
        return db.read(c -> blobReferences.referencedAmong(c, blobIds));
    }

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public InventorySnapshotStore inventorySnapshots() {
        return inventorySnapshots;
    }

    @Override
    public EvidenceStore evidence() {
        return evidence;
    }

    @Override
    public boolean isBlobReferenced(String blobId) {
        return db.read(c -> blobReferences.isReferenced(c, blobId));
    }

    @Override
    public void close() {
        db.close();
        if (lock != null) {
            lock.close();
        }
    }
}
