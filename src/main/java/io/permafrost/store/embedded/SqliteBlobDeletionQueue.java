package io.permafrost.store.embedded;

import io.permafrost.store.BlobDeletionQueue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The deletion queue is {@code released_blobs} (schema V7, dated and leased since V8): the triggers of
 * {@link BlobReferences} add a row in every transaction that drops a blob's last reference.
 */
final class SqliteBlobDeletionQueue implements BlobDeletionQueue {
    private final SqliteDatabase db;
    private final BlobReferences references;

    SqliteBlobDeletionQueue(SqliteDatabase db, BlobReferences references) {
        this.db = db;
        this.references = references;
    }

    @Override
    public void enqueue(Collection<String> blobIds, Instant deleteAfter) {
        if (blobIds.isEmpty()) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO released_blobs (id, delete_after) "
                    + "VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET delete_after = "
                    + "MAX(COALESCE(released_blobs.delete_after, 0), excluded.delete_after)")) {
                for (String id : blobIds) {
                    ps.setString(1, id);
                    ps.setLong(2, deleteAfter.toEpochMilli());
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public int dateUndated(Instant deleteAfter) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE released_blobs SET delete_after = ? WHERE delete_after IS NULL")) {
                ps.setLong(1, deleteAfter.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<String> claimDue(String holder, Instant now, Instant leaseUntil, int max) {
        return db.write(c -> {
            List<String> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM released_blobs "
                    + "WHERE delete_after IS NOT NULL AND delete_after <= ? AND (lease_until IS NULL OR lease_until <= ?) "
                    + "ORDER BY delete_after, id LIMIT ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(rs.getString(1));
                    }
                }
            }
            Set<String> referenced = references.referencedAmong(c, due);
            List<String> claimed = new ArrayList<>();
            try (PreparedStatement drop = c.prepareStatement("DELETE FROM released_blobs WHERE id = ?");
                 PreparedStatement lease = c.prepareStatement(
                         "UPDATE released_blobs SET claimed_by = ?, lease_until = ? WHERE id = ?")) {
                for (String id : due) {
                    if (referenced.contains(id)) {
                        drop.setString(1, id);
                        drop.executeUpdate();
                    } else {
                        lease.setString(1, holder);
                        lease.setLong(2, leaseUntil.toEpochMilli());
                        lease.setString(3, id);
                        lease.executeUpdate();
                        claimed.add(id);
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
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM released_blobs WHERE id = ?")) {
                for (String id : blobIds) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public int size() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM released_blobs");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }
}
