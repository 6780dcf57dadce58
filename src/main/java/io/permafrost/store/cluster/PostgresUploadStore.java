package io.permafrost.store.cluster;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.Page;
import io.permafrost.store.PartRecord;
import io.permafrost.store.UploadRecord;
import io.permafrost.store.UploadRecord.UploadState;
import io.permafrost.store.UploadStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Multipart uploads on PostgreSQL. Every close (Complete, Abort, part put) is a conditional UPDATE of the
 * upload row, whose row lock orders racing closes from any nodes; the loser re-reads the winner's state.
 */
final class PostgresUploadStore implements UploadStore {
    private static final String UPLOAD_COLUMNS = "id, vault_id, description, part_size, created_at, "
            + "last_activity_at, state, archive_id, archive_size, tree_hash";

    private final Transactions tx;
    /** Folds the vault's archive count now and then after a completion counted an archive in. */
    private final VaultCounters counters;

    PostgresUploadStore(Transactions tx) {
        this(tx, new VaultCounters(tx));
    }

    PostgresUploadStore(Transactions tx, VaultCounters counters) {
        this.tx = tx;
        this.counters = counters;
    }

    @Override
    public boolean create(UploadRecord upload) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO uploads (" + UPLOAD_COLUMNS
                    + ") SELECT ?, id, ?, ?, ?, ?, ?, NULL, 0, NULL FROM vaults WHERE id = ?")) {
                ps.setString(1, upload.uploadId());
                ps.setString(2, upload.description());
                ps.setLong(3, upload.partSize());
                ps.setLong(4, upload.creationDate().toEpochMilli());
                ps.setLong(5, upload.lastActivity().toEpochMilli());
                ps.setString(6, UploadState.OPEN.name());
                ps.setLong(7, upload.vaultId());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<UploadRecord> find(long vaultId, String uploadId) {
        return tx.inTransaction(c -> findUpload(c, uploadId).filter(u -> u.vaultId() == vaultId));
    }

    private static Optional<UploadRecord> findUpload(Connection c, String uploadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + UPLOAD_COLUMNS + " FROM uploads WHERE id = ?")) {
            ps.setString(1, uploadId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(upload(rs)) : Optional.empty();
            }
        }
    }

    private static UploadRecord upload(ResultSet rs) throws SQLException {
        return new UploadRecord(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                Instant.ofEpochMilli(rs.getLong(5)), Instant.ofEpochMilli(rs.getLong(6)),
                UploadState.valueOf(rs.getString(7)), rs.getString(8), rs.getLong(9), rs.getString(10));
    }

    @Override
    public Page<UploadRecord> listOpen(long vaultId, String fromUploadId, int limit) {
        return tx.inTransaction(c -> {
            String sql = "SELECT " + UPLOAD_COLUMNS + " FROM uploads WHERE vault_id = ? AND state = 'OPEN'";
            Optional<UploadRecord> from = fromUploadId == null ? Optional.empty() : findUpload(c, fromUploadId);
            if (from.isPresent()) {
                sql += " AND (created_at > ? OR (created_at = ? AND id >= ?))";
            }
            sql += " ORDER BY created_at, id LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setLong(i++, vaultId);
                if (from.isPresent()) {
                    ps.setLong(i++, from.get().creationDate().toEpochMilli());
                    ps.setLong(i++, from.get().creationDate().toEpochMilli());
                    ps.setString(i++, fromUploadId);
                }
                ps.setInt(i, limit + 1);
                List<UploadRecord> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(upload(rs));
                    }
                }
                String next = items.size() > limit ? items.remove(limit).uploadId() : null;
                return new Page<>(items, next);
            }
        });
    }

    @Override
    public PartPut putPart(PartRecord part, Instant now) {
        return tx.inTransaction(c -> {
            // The open-state check and the activity stamp are one conditional write: a part can never land in
            // an upload that a Complete or Abort has already closed.
            if (!touchIfOpen(c, part.uploadId(), now)) {
                return new PartPut(false, List.of());
            }
            String previousBlob = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT blob_id FROM parts WHERE upload_id = ? AND range_start = ?")) {
                ps.setString(1, part.uploadId());
                ps.setLong(2, part.rangeStart());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previousBlob = rs.getString(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO parts "
                    + "(upload_id, range_start, length, tree_hash, blob_id, leaf_hashes) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (upload_id, range_start) DO UPDATE SET length = excluded.length, "
                    + "tree_hash = excluded.tree_hash, blob_id = excluded.blob_id, "
                    + "leaf_hashes = excluded.leaf_hashes")) {
                ps.setString(1, part.uploadId());
                ps.setLong(2, part.rangeStart());
                ps.setLong(3, part.length());
                ps.setString(4, part.treeHash());
                ps.setString(5, part.blobId());
                ps.setBytes(6, part.leaves() == null ? null : part.leaves().toBytes());
                ps.executeUpdate();
            }
            List<String> released = previousBlob != null && !BlobReferenceCheck.isReferenced(c, previousBlob)
                    ? List.of(previousBlob) : List.of();
            return new PartPut(true, released);
        });
    }

    private static boolean touchIfOpen(Connection c, String uploadId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE uploads SET last_activity_at = ? WHERE id = ? AND state = 'OPEN'")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, uploadId);
            return ps.executeUpdate() == 1;
        }
    }

    private static List<PartRecord> partsFrom(Connection c, String uploadId, long fromStart, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT upload_id, range_start, length, tree_hash, blob_id, "
                + "leaf_hashes FROM parts WHERE upload_id = ? AND range_start >= ? ORDER BY range_start LIMIT ?")) {
            ps.setString(1, uploadId);
            ps.setLong(2, fromStart);
            ps.setInt(3, limit);
            List<PartRecord> parts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(new PartRecord(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), LeafHashes.fromBytes(rs.getBytes(6))));
                }
            }
            return parts;
        }
    }

    @Override
    public Page<PartRecord> listParts(String uploadId, long fromStart, int limit) {
        return tx.inTransaction(c -> {
            List<PartRecord> parts = partsFrom(c, uploadId, fromStart, limit + 1);
            String next = parts.size() > limit ? Long.toString(parts.remove(limit).rangeStart()) : null;
            return new Page<>(parts, next);
        });
    }

    @Override
    public Optional<UploadWithParts> findWithParts(long vaultId, String uploadId) {
        // One REPEATABLE READ snapshot for both statements: a Complete committing between them cannot show
        // an open upload without its parts.
        return tx.inSnapshot(c -> {
            Optional<UploadRecord> upload = findUpload(c, uploadId).filter(u -> u.vaultId() == vaultId);
            if (upload.isEmpty()) {
                return Optional.<UploadWithParts>empty();
            }
            return Optional.of(new UploadWithParts(upload.get(), partsFrom(c, uploadId, 0, Integer.MAX_VALUE)));
        });
    }

    @Override
    public Completion complete(long vaultId, String uploadId, List<PartRecord> expectedParts, ArchiveRecord archive,
                               Instant now) {
        try {
            Completion completion = tx.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE uploads SET state = 'COMPLETED', "
                        + "archive_id = ?, archive_size = ?, tree_hash = ?, last_activity_at = ? "
                        + "WHERE id = ? AND vault_id = ? AND state = 'OPEN'")) {
                    ps.setString(1, archive.archiveId());
                    ps.setLong(2, archive.size());
                    ps.setString(3, archive.treeHash());
                    ps.setLong(4, now.toEpochMilli());
                    ps.setString(5, uploadId);
                    ps.setLong(6, vaultId);
                    if (ps.executeUpdate() == 0) {
                        Optional<UploadRecord> closed = findUpload(c, uploadId).filter(u -> u.vaultId() == vaultId);
                        return closed.filter(u -> u.state() == UploadState.COMPLETED)
                                .map(u -> new Completion(CompleteResult.ALREADY_COMPLETED, u))
                                .orElse(new Completion(CompleteResult.NOT_OPEN, closed.orElse(null)));
                    }
                }
                if (!partsFrom(c, uploadId, 0, Integer.MAX_VALUE).equals(expectedParts)) {
                    throw new CompletionUndone(CompleteResult.PARTS_CHANGED);
                }
                if (!PostgresArchiveStore.insertArchive(c, archive)) {
                    throw new CompletionUndone(CompleteResult.NOT_OPEN);
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM parts WHERE upload_id = ?")) {
                    ps.setString(1, uploadId);
                    ps.executeUpdate();
                }
                return new Completion(CompleteResult.COMPLETED, findUpload(c, uploadId).orElseThrow());
            });
            if (completion.result() == CompleteResult.COMPLETED) {
                counters.inserted(vaultId);
            }
            return completion;
        } catch (CompletionUndone undone) {
            return new Completion(undone.result, null);
        }
    }

    /** Thrown inside the write so its savepoint rolls the state change back; never escapes this class. */
    private static final class CompletionUndone extends RuntimeException {
        private final CompleteResult result;

        CompletionUndone(CompleteResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    @Override
    public Abort abort(long vaultId, String uploadId, Instant now) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE uploads SET state = 'ABORTED', "
                    + "last_activity_at = ? WHERE id = ? AND vault_id = ? AND state = 'OPEN'")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, uploadId);
                ps.setLong(3, vaultId);
                if (ps.executeUpdate() == 1) {
                    return new Abort(AbortResult.ABORTED, dropParts(c, uploadId));
                }
            }
            AbortResult found = findUpload(c, uploadId).filter(u -> u.vaultId() == vaultId)
                    .map(u -> u.state() == UploadState.ABORTED ? AbortResult.ALREADY_ABORTED : AbortResult.COMPLETED)
                    .orElse(AbortResult.NOT_FOUND);
            return new Abort(found, List.of());
        });
    }

    private List<String> dropParts(Connection c, String uploadId) throws SQLException {
        List<String> blobs = new ArrayList<>();
        for (PartRecord part : partsFrom(c, uploadId, 0, Integer.MAX_VALUE)) {
            blobs.add(part.blobId());
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM parts WHERE upload_id = ?")) {
            ps.setString(1, uploadId);
            ps.executeUpdate();
        }
        List<String> released = new ArrayList<>();
        for (String blob : blobs) {
            if (!BlobReferenceCheck.isReferenced(c, blob)) {
                released.add(blob);
            }
        }
        return released;
    }

    @Override
    public List<String> expire(Instant idleBefore, Instant closedBefore) {
        return tx.inTransaction(c -> {
            List<String> idle = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM uploads WHERE state = 'OPEN' AND last_activity_at < ?")) {
                ps.setLong(1, idleBefore.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        idle.add(rs.getString(1));
                    }
                }
            }
            List<String> released = new ArrayList<>();
            for (String uploadId : idle) {
                released.addAll(dropParts(c, uploadId));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM uploads WHERE (state = 'OPEN' AND last_activity_at < ?) "
                            + "OR (state <> 'OPEN' AND last_activity_at < ?)")) {
                ps.setLong(1, idleBefore.toEpochMilli());
                ps.setLong(2, closedBefore.toEpochMilli());
                ps.executeUpdate();
            }
            return released;
        });
    }
}
