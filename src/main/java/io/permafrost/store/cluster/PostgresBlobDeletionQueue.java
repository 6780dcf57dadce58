package io.permafrost.store.cluster;

import io.permafrost.store.BlobDeletionQueue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The deletion queue is {@code released_blobs} (cluster V1, dated and leased since V2): the triggers of
 * V1 add a row in every transaction that drops a blob's last reference.
 */
final class PostgresBlobDeletionQueue implements BlobDeletionQueue {
    private final Transactions tx;

    PostgresBlobDeletionQueue(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void enqueue(Collection<String> blobIds, Instant deleteAfter) {
        if (blobIds.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO released_blobs (id, delete_after) "
                    + "SELECT id, ? FROM unnest(?::text[]) AS id ON CONFLICT (id) DO UPDATE SET delete_after = "
                    + "GREATEST(COALESCE(released_blobs.delete_after, 0), excluded.delete_after)")) {
                ps.setLong(1, deleteAfter.toEpochMilli());
                ps.setArray(2, c.createArrayOf("text", blobIds.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int dateUndated(Instant deleteAfter) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE released_blobs SET delete_after = ? WHERE delete_after IS NULL")) {
                ps.setLong(1, deleteAfter.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> claimDue(String holder, Instant now, Instant leaseUntil, int max) {
        return tx.inTransaction(c -> {
            List<String> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE released_blobs SET claimed_by = ?, lease_until = ? "
                    + "WHERE id IN (SELECT id FROM released_blobs WHERE delete_after <= ? "
                    + "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY delete_after, id LIMIT ? "
                    + "FOR UPDATE SKIP LOCKED) RETURNING id")) {
                ps.setString(1, holder);
                ps.setLong(2, leaseUntil.toEpochMilli());
                ps.setLong(3, now.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.setInt(5, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(rs.getString(1));
                    }
                }
            }
            // A listed blob that something refers to again (a multipart completion takes its parts' blobs
            // over) is no garbage: off the queue, in the same transaction that saw the reference.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM released_blobs "
                    + "WHERE id = ANY(?::text[]) AND blob_is_referenced(id) RETURNING id")) {
                ps.setArray(1, c.createArrayOf("text", claimed.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.remove(rs.getString(1));
                    }
                }
            }
            return claimed;
        });
    }

    @Override
    public void forget(Collection<String> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM released_blobs WHERE id = ANY(?::text[])")) {
                ps.setArray(1, c.createArrayOf("text", blobIds.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int size() {
        return tx.inSnapshot(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM released_blobs");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }
}
