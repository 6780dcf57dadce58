package io.permafrost.store.embedded;

import io.permafrost.store.BlobSegment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of small uploads committed as the only blob of an archive, held until that archive's insert
 * writes them, in its own savepoint: the blob's row and the archive that refers to it commit (or roll
 * back) together, one share of one group commit per small upload instead of two. Nothing of a staged
 * blob reaches the database without its archive, so an upload that fails or is interrupted before its
 * insert leaves no inline row for the sweep to judge. Keyed by blob id (unique, never reused): the
 * insert takes exactly the blobs its segments name, whatever thread runs it.
 */
final class InlineBlobsAwaitingArchive {
    private final Map<String, byte[]> staged = new ConcurrentHashMap<>();

    void stage(String blobId, byte[] data) {
        staged.put(blobId, data);
    }

    /** Forgets a staged blob; its writer is done (its archive committed it, or never will). */
    void withdraw(String blobId) {
        staged.remove(blobId);
    }

    /**
     * Writes, on the archive insert's connection and in its transaction, the staged blobs among
     * {@code segments}; segments whose blob is not staged were committed on their own earlier (files,
     * multipart parts).
     */
    void insertFor(Connection c, List<BlobSegment> segments) throws SQLException {
        for (BlobSegment segment : segments) {
            byte[] data = staged.get(segment.blobId());
            if (data != null) {
                insert(c, segment.blobId(), data);
            }
        }
    }

    static void insert(Connection c, String blobId, byte[] data) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inline_blobs (id, data) VALUES (?, ?)")) {
            ps.setString(1, blobId);
            ps.setBytes(2, data);
            ps.executeUpdate();
        }
    }
}
