package io.permafrost.store.cluster;

import io.permafrost.audit.AuditDatabase;
import io.permafrost.store.sql.SqlAuditDatabase;
import io.permafrost.store.AccountStore;
import io.permafrost.store.ArchiveStore;
import io.permafrost.store.EvidenceStore;
import io.permafrost.store.InventorySnapshotStore;
import io.permafrost.store.JobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.RetentionBacklog;
import io.permafrost.store.UploadStore;
import io.permafrost.store.VaultStore;
import io.permafrost.store.sql.SqlAccountStore;
import io.permafrost.store.sql.SqlEvidenceStore;
import io.permafrost.store.sql.SqlInventorySnapshotStore;
import io.permafrost.store.sql.SqlJobStore;
import io.permafrost.store.sql.SqlVaultStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The cluster's metadata: every store on one PostgreSQL database, shared by all nodes. */
public final class PostgresMetadataStore implements MetadataStore {
    private final PostgresDatabase db;
    private final VaultStore vaults;
    private final ArchiveStore archives;
    private final UploadStore uploads;
    private final JobStore jobs;
    private final AccountStore accounts;
    private final InventorySnapshotStore inventorySnapshots;
    private final PostgresEngine engine;
    private final PostgresRetentionBacklog retentionBacklog;
    private final EvidenceStore evidence;
    private final AuditDatabase audit;

    public PostgresMetadataStore(PostgresDatabase db) {
        this.db = db;
        Transactions tx = db.transactions();
        this.engine = new PostgresEngine(tx);
        this.vaults = new SqlVaultStore(engine);
        VaultCounters counters = new VaultCounters(tx);
        this.archives = new PostgresArchiveStore(tx, counters);
        this.uploads = new PostgresUploadStore(tx, counters);
        this.retentionBacklog = new PostgresRetentionBacklog(tx);
        this.jobs = new SqlJobStore(engine);
        this.accounts = new SqlAccountStore(engine);
        this.inventorySnapshots = new SqlInventorySnapshotStore(engine);
        this.evidence = new SqlEvidenceStore(engine);
        this.audit = new SqlAuditDatabase(engine);
    }

    public PostgresDatabase database() {
        return db;
    }

    /** The engine the stores shared with the embedded backend run on (topics and queues are built on it). */
    PostgresEngine engine() {
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

    @Override
    public AccountStore accounts() {
        return accounts;
    }

    @Override
    public InventorySnapshotStore inventorySnapshots() {
        return inventorySnapshots;
    }

    @Override
    public java.util.Optional<RetentionBacklog> retentionBacklog() {
        return java.util.Optional.of(retentionBacklog);
    }

    @Override
    public EvidenceStore evidence() {
        return evidence;
    }

    @Override
    public Set<String> referencedBlobs(Collection<String> blobIds) {
        return db.transactions().inSnapshot(c -> {
            Set<String> referenced = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM unnest(?::text[]) AS id WHERE blob_is_referenced(id)")) {
                ps.setArray(1, c.createArrayOf("text", blobIds.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        referenced.add(rs.getString(1));
                    }
                }
            }
            return referenced;
        });
    }

    @Override
    public boolean isBlobReferenced(String blobId) {
        return db.transactions().inTransaction(c -> BlobReferenceCheck.isReferenced(c, blobId));
    }

    @Override
    public void close() {
        db.close();
    }
}
