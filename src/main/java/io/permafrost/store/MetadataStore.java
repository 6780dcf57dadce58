package io.permafrost.store;

/** The metadata half of the storage SPI; each method of its parts is one transaction. */
public interface MetadataStore extends AutoCloseable {

    VaultStore vaults();

    ArchiveStore archives();

    UploadStore uploads();

    JobStore jobs();

    AccountStore accounts();

    InventorySnapshotStore inventorySnapshots();

    /** Whether any record refers to the blob (it must then not be deleted). */
    boolean isBlobReferenced(String blobId);

    @Override
    void close();
}
