package io.permafrost.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** The metadata half of the storage SPI; each method of its parts is one transaction. */
public interface MetadataStore extends AutoCloseable {

    VaultStore vaults();

    ArchiveStore archives();

    UploadStore uploads();

    JobStore jobs();

    AccountStore accounts();

    InventorySnapshotStore inventorySnapshots();

    /**
     * Where unfinished Object Lock retention extensions are noted; empty where none is kept (a store whose
     * blob store never retains: then a start looks at every Locked vault, as it has nothing to read).
     */
    default java.util.Optional<RetentionBacklog> retentionBacklog() {
        return java.util.Optional.empty();
    }

    /** Scrub results and the access policy history, for compliance evidence. */
    EvidenceStore evidence();

    /** The audit trail's records, checkpoints and keys, in this store's own transactions. */
    io.permafrost.audit.AuditDatabase audit();

    /** Whether any record refers to the blob (it must then not be deleted). */
    boolean isBlobReferenced(String blobId);

    /**
     * Which of {@code blobIds} some record refers to, for a batch of a few hundred: a store should
     * answer with a query per referring table for the whole batch, not one per blob.
     */
    default Set<String> referencedBlobs(Collection<String> blobIds) {
        Set<String> referenced = new HashSet<>();
        for (String blobId : blobIds) {
            if (isBlobReferenced(blobId)) {
                referenced.add(blobId);
            }
        }
        return referenced;
    }

    @Override
    void close();
}
