package io.permafrost.store.embedded;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.store.ArchiveDeletion;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveScanKey;
import io.permafrost.store.ArchiveStore;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.VaultAccessView;
import io.permafrost.store.sql.ImportedArchiveInsert;
import io.permafrost.store.sql.SqlVaultStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

final class SqliteArchiveStore implements ArchiveStore {
    private final SqliteDatabase db;
    private final BlobReferences blobReferences;
    /** For the vault's access view, read as the shared vault store reads it. */
    private final SqliteEngine engine;
    private final InlineBlobsAwaitingArchive inlineAwaitingArchive;

    SqliteArchiveStore(SqliteDatabase db, BlobReferences blobReferences, InlineBlobsAwaitingArchive inlineAwaitingArchive) {
        this.db = db;
        this.engine = new SqliteEngine(db, blobReferences);
        this.blobReferences = blobReferences;
        this.inlineAwaitingArchive = inlineAwaitingArchive;
    }

    @Override
    public Optional<ArchiveRecord> find(long vaultId, String archiveId) {
        return db.read(c -> findArchive(c, archiveId).filter(a -> a.vaultId() == vaultId));
    }

    static Optional<ArchiveRecord> findArchive(Connection c, String archiveId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, vault_id, description, size, tree_hash, created_at FROM archives WHERE id = ?")) {
            ps.setString(1, archiveId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ArchiveRecord(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), segments(c, archiveId)));
            }
        }
    }

    private static List<BlobSegment> segments(Connection c, String archiveId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT blob_id, length, tree_hash, leaf_hashes FROM archive_segments WHERE archive_id = ? ORDER BY seq")) {
            ps.setString(1, archiveId);
            List<BlobSegment> segments = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    segments.add(new BlobSegment(rs.getString(1), rs.getLong(2), rs.getString(3),
                            LeafHashes.fromBytes(rs.getBytes(4))));
                }
            }
            return segments;
        }
    }

    @Override
    public boolean insert(ArchiveRecord archive) {
        return db.write(c -> insertWithItsInlineBlob(c, archive));
    }

    @Override
    public ImportOutcome insertImported(ArchiveRecord archive) {
        try {
            return db.write(c -> ImportedArchiveInsert.run(c, archive, this::insertWithItsInlineBlob));
        } catch (ImportedArchiveInsert.DuplicateId raced) {
            return ImportOutcome.DUPLICATE_ID;
        }
    }

    /**
     * {@link #insertArchive}, and in the same savepoint the small blob an upload left for it: one commit
     * for both, and none of the blob when the vault is gone (the caller then releases an id with no row).
     */
    private boolean insertWithItsInlineBlob(Connection c, ArchiveRecord archive) throws SQLException {
        if (!insertArchive(c, archive)) {
            return false;
        }
        inlineAwaitingArchive.insertFor(c, archive.segments());
        return true;
    }

    /** Inserts the archive with its segments and counts it in its vault; false when the vault is gone. */
    static boolean insertArchive(Connection c, ArchiveRecord archive) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE vaults SET archive_count = archive_count + 1, size_bytes = size_bytes + ? WHERE id = ?")) {
            ps.setLong(1, archive.size());
            ps.setLong(2, archive.vaultId());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO archives "
                + "(id, vault_id, description, size, tree_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, archive.archiveId());
            ps.setLong(2, archive.vaultId());
            ps.setString(3, archive.description());
            ps.setLong(4, archive.size());
            ps.setString(5, archive.treeHash());
            ps.setLong(6, archive.creationDate().toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_segments "
                + "(archive_id, seq, blob_id, length, tree_hash, leaf_hashes) VALUES (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (BlobSegment segment : archive.segments()) {
                ps.setString(1, archive.archiveId());
                ps.setInt(2, seq++);
                ps.setString(3, segment.blobId());
                ps.setLong(4, segment.length());
                ps.setString(5, segment.treeHash());
                ps.setBytes(6, segment.leaves() == null ? null : segment.leaves().toBytes());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return true;
    }

    @Override
    public DeleteOutcome delete(long vaultId, String archiveId, Instant now,
                                Predicate<VaultAccessView> stillAllowed) {
        return db.write(c -> {
            Optional<ArchiveRecord> archive = findArchive(c, archiveId);
            if (archive.isEmpty()) {
                return new DeleteOutcome(tombstoneOutcome(c, vaultId, archiveId), List.of());
            }
            ArchiveRecord found = archive.get();
            if (found.vaultId() != vaultId) {
                return new DeleteOutcome(sameAccount(c, found.vaultId(), vaultId)
                        ? ArchiveDeletion.OTHER_VAULT : ArchiveDeletion.OTHER_ACCOUNT, List.of());
            }
            if (!SqlVaultStore.accessView(engine, c, vaultId).map(stillAllowed::test).orElse(true)) {
                return new DeleteOutcome(ArchiveDeletion.DENIED, List.of());
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_tombstones "
                    + "(id, account_id, vault_name, deleted_at) SELECT ?, account_id, name, ? FROM vaults WHERE id = ?")) {
                ps.setString(1, archiveId);
                ps.setLong(2, now.toEpochMilli());
                ps.setLong(3, vaultId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM archives WHERE id = ?")) {
                ps.setString(1, archiveId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE vaults SET archive_count = archive_count - 1, size_bytes = size_bytes - ? WHERE id = ?")) {
                ps.setLong(1, found.size());
                ps.setLong(2, vaultId);
                ps.executeUpdate();
            }
            return new DeleteOutcome(ArchiveDeletion.DELETED, unreferencedSegments(c, found));
        });
    }

    /**
     * The deleted archive's blobs that nothing refers to now, asked a few hundred at a time: this runs in
     * the delete's transaction, on the one writer, and one query per part of a 10,000-part archive held
     * every other commit back for that long.
     */
    private List<String> unreferencedSegments(Connection c, ArchiveRecord deleted) throws SQLException {
        List<String> blobIds = deleted.segments().stream().map(BlobSegment::blobId).toList();
        List<String> released = new ArrayList<>();
        for (int from = 0; from < blobIds.size(); from += BlobStore.ReferenceCheck.BATCH) {
            List<String> batch = blobIds.subList(from, Math.min(blobIds.size(), from + BlobStore.ReferenceCheck.BATCH));
            Set<String> referenced = blobReferences.referencedAmong(c, batch);
            batch.stream().filter(id -> !referenced.contains(id)).forEach(released::add);
        }
        return released;
    }

    private static ArchiveDeletion tombstoneOutcome(Connection c, long vaultId, String archiveId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT t.account_id = v.account_id, t.vault_name = v.name "
                + "FROM archive_tombstones t, vaults v WHERE t.id = ? AND v.id = ?")) {
            ps.setString(1, archiveId);
            ps.setLong(2, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return ArchiveDeletion.NEVER_ISSUED;
                }
                if (!rs.getBoolean(1)) {
                    return ArchiveDeletion.OTHER_ACCOUNT;
                }
                return rs.getBoolean(2) ? ArchiveDeletion.ALREADY_DELETED : ArchiveDeletion.OTHER_VAULT;
            }
        }
    }

    private static boolean sameAccount(Connection c, long vaultId, long otherVaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.account_id = b.account_id FROM vaults a, vaults b "
                + "WHERE a.id = ? AND b.id = ?")) {
            ps.setLong(1, vaultId);
            ps.setLong(2, otherVaultId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public void scan(long vaultId, Instant from, Instant to, String afterKey, long limit, Consumer<ArchiveRecord> sink) {
        db.read(c -> {
            StringBuilder sql = new StringBuilder(
                    "SELECT id, vault_id, description, size, tree_hash, created_at FROM archives WHERE vault_id = ?");
            List<Object> args = new ArrayList<>(List.of(vaultId));
            if (from != null) {
                sql.append(" AND created_at >= ?");
                args.add(from.toEpochMilli());
            }
            if (to != null) {
                sql.append(" AND created_at < ?");
                args.add(to.toEpochMilli());
            }
            if (afterKey != null) {
                ArchiveScanKey key = ArchiveScanKey.parse(afterKey);
                sql.append(" AND (created_at > ? OR (created_at = ? AND id > ?))");
                args.add(key.createdAtMillis());
                args.add(key.createdAtMillis());
                args.add(key.archiveId());
            }
            sql.append(" ORDER BY created_at, id");
            if (limit > 0) {
                sql.append(" LIMIT ?");
                args.add(limit);
            }
            // The read is one transaction (SqliteDatabase.read), so the whole scan sees one consistent snapshot.
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                ps.setFetchSize(512);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new ArchiveRecord(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), List.of()));
                    }
                }
            }
            return null;
        });
    }
}
