package io.permafrost.store.cluster;

import io.permafrost.store.s3.PublishedBlobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.PreparedStatement;

/**
 * The notes of blobs about to become objects, as rows of {@code published_blobs} stamped with the database's
 * clock (one time source for every node). A note goes when the writer closes once something refers to the
 * blob; otherwise (an inventory whose job completes just after, a node killed before its metadata commit)
 * it stays until the orphan collector finds it older than its bound.
 */
final class PostgresPublishedBlobs implements PublishedBlobs {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPublishedBlobs.class);
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

    @Override
    public void writerClosed(String blobId) {
        try {
            tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM published_blobs WHERE blob_id = ? AND blob_is_referenced(?)")) {
                    ps.setString(1, blobId);
                    ps.setString(2, blobId);
                    return ps.executeUpdate();
                }
            });
        } catch (MetadataUnavailable e) {
            // The note stays until it ages out: it only keeps the collector away from the blob for longer.
            LOG.debug("note of blob {} not removed: {}", blobId, e.getMessage());
        }
    }
}
