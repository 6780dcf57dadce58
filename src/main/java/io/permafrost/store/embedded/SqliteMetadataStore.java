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

    public SqliteMetadataStore(Path file) {
        this.db = new SqliteDatabase(file, READERS);
        this.vaults = new SqliteVaultStore(db);
        this.archives = new SqliteArchiveStore(db, blobReferences);
        this.uploads = new SqliteUploadStore(db, blobReferences);
        this.jobs = new SqliteJobStore(db, blobReferences);
        blobReferences.register("inventory_snapshots.blob_id");
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
