package io.permafrost.store.cluster;

import io.permafrost.store.s3.PublishedBlobs;
import java.io.IOException;
import java.sql.PreparedStatement;

/**
 * The notes of blobs about to become objects, as rows of {@code published_blobs} stamped with the database's
 * clock (one time source for every node). A note is written in a transaction of its own, durable before the
 * object exists; it is removed in the transaction that first makes something refer to the blob (a trigger per
 * referring column, V9__vault_count_deltas.sql), so its removal costs no transaction of its own; a blob nothing
 * ever refers to (a node killed before its metadata commit) keeps its note until the orphan collector finds it
 * older than its bound.
 */
final class PostgresPublishedBlobs implements PublishedBlobs {
    static final String DATABASE_NOW_MILLIS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    private final Transactions tx;

    PostgresPublishedBlobs(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void aboutToPublish(String blobId) throws IOException {
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_blobs (blob_id, published_at) "
                        + "VALUES (?, " + DATABASE_NOW_MILLIS + ") ON CONFLICT (blob_id) DO NOTHING")) {
                    ps.setString(1, blobId);
                    return ps.executeUpdate();
                }
            });
        } catch (MetadataUnavailable e) {
            throw new IOException("could not note blob " + blobId + " before writing it: " + e.getMessage(), e);
        }
    }
}
