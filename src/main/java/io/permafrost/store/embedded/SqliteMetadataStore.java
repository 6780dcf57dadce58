package io.permafrost.store.embedded;

import io.permafrost.store.ArchiveStore;
import io.permafrost.store.JobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.UploadStore;
import io.permafrost.store.VaultStore;

import java.nio.file.Path;

/** The embedded metadata store: one SQLite file, {@code DIR/metadata.db}. */
public final class SqliteMetadataStore implements MetadataStore {
    private static final int READERS = 4;

    private final SqliteDatabase db;
    private final BlobReferences blobReferences = new BlobReferences();
    private final SqliteVaultStore vaults;
    private final SqliteArchiveStore archives;
    private final SqliteUploadStore uploads;
    private final SqliteJobStore jobs;

    /** Opens the metadata of a data directory; refuses one whose metadata was lost while its blobs remain. */
    public SqliteMetadataStore(Path file) {
        this(file, LostMetadataGuard.beside(file));
    }

    private SqliteMetadataStore(Path file, LostMetadataGuard guard) {
        this.db = new SqliteDatabase(file, READERS, guard::refuseNewSchemaBesideBlobs);
        this.vaults = new SqliteVaultStore(db);
        this.archives = new SqliteArchiveStore(db, blobReferences);
        this.uploads = new SqliteUploadStore(db, blobReferences);
        this.jobs = new SqliteJobStore(db, blobReferences);
        blobReferences.register("inventory_snapshots.blob_id");
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

    /** For {@code recover} only: opens (creating if need be) the metadata of a directory that holds only blobs. */
    public static SqliteMetadataStore forRecovery(Path file) {
        return new SqliteMetadataStore(file, LostMetadataGuard.NONE);
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

    /** The shared database, for embedded stores of other areas (jobs) that live beside these. */
    SqliteDatabase database() {
        return db;
    }

    BlobReferences blobReferences() {
        return blobReferences;
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

    @Override
    public boolean isBlobReferenced(String blobId) {
        return db.read(c -> blobReferences.isReferenced(c, blobId));
    }

    @Override
    public void close() {
        db.close();
    }
}
