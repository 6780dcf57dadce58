package io.permafrost.store.embedded;

import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The embedded blob store: blobs up to {@link #INLINE_LIMIT} bytes are kept inside the metadata
 * database, larger ones as files ({@link FileBlobStore}). A small upload then costs one share of a
 * group commit instead of two fsyncs and a rename of its own; a writer starts in memory and spills to
 * a file as soon as it grows past the limit, so memory stays bounded per upload.
 */
public final class EmbeddedBlobStore implements BlobStore {
    public static final int INLINE_LIMIT = 64 * 1024;
    private static final String INLINE_PREFIX = "i";
    private static final int INITIAL_BUFFER = 8 * 1024;

    private final SqliteDatabase db;
    private final FileBlobStore files;
    private final SecureRandom random = new SecureRandom();

    public EmbeddedBlobStore(SqliteMetadataStore metadata, FileBlobStore files) {
        this.db = metadata.database();
        this.files = files;
    }

    private static boolean isInline(String blobId) {
        return blobId.startsWith(INLINE_PREFIX);
    }

    @Override
    public BlobWriter create() {
        return new SpillingWriter();
    }

    /** Collects bytes in memory and becomes a file writer once they no longer fit inline. */
    private final class SpillingWriter implements BlobWriter {
        private byte[] buffer = new byte[INITIAL_BUFFER];
        private int size;
        private BlobWriter file;

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (file == null && size + length > INLINE_LIMIT) {
                file = files.create();
                file.write(buffer, 0, size);
                buffer = null;
            }
            if (file != null) {
                file.write(bytes, offset, length);
                return;
            }
            if (size + length > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(INLINE_LIMIT, Math.max(size + length, buffer.length * 2)));
            }
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
        }

        /** An inline blob gets no sidecar: it lives and dies with the database, like its archive's record. */
        @Override
        public String commit(ArchiveManifest archive) throws IOException {
            return file != null ? file.commit(archive) : commit();
        }

        @Override
        public String commit() throws IOException {
            if (file != null) {
                return file.commit();
            }
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = INLINE_PREFIX + HexFormat.of().formatHex(bytes);
            byte[] data = Arrays.copyOf(buffer, size);
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO inline_blobs (id, data) VALUES (?, ?)")) {
                    ps.setString(1, id);
                    ps.setBytes(2, data);
                    return ps.executeUpdate();
                }
            });
            return id;
        }

        @Override
        public void close() {
            if (file != null) {
                file.close();
            }
        }
    }

    @Override
    public InputStream open(String blobId, long offset, long length) throws IOException {
        if (!isInline(blobId)) {
            return files.open(blobId, offset, length);
        }
        byte[] data = inline(blobId);
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IOException("range " + offset + "+" + length + " outside inline blob " + blobId + " of "
                    + data.length + " bytes");
        }
        return new ByteArrayInputStream(data, (int) offset, (int) length);
    }

    private byte[] inline(String blobId) throws IOException {
        byte[] data = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT data FROM inline_blobs WHERE id = ?")) {
                ps.setString(1, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (data == null) {
            throw new IOException("no inline blob " + blobId);
        }
        return data;
    }

    @Override
    public long size(String blobId) throws IOException {
        return isInline(blobId) ? inline(blobId).length : files.size(blobId);
    }

    /**
     * The manifest goes beside the first blob, a file unless the whole archive is one small inline
     * blob (then nothing outside the database can keep it); the bytes of an inline segment (a short
     * last part) go into the manifest, or they would be lost with the database.
     */
    @Override
    public void recordArchive(ArchiveManifest archive) throws IOException {
        if (isInline(archive.segments().get(0).blobId())) {
            return;
        }
        Map<String, byte[]> inline = new LinkedHashMap<>();
        for (BlobSegment segment : archive.segments()) {
            if (isInline(segment.blobId())) {
                inline.put(segment.blobId(), inline(segment.blobId()));
            }
        }
        files.recordArchive(archive, inline);
    }

    @Override
    public void forgetArchive(ArchiveManifest archive) {
        if (!isInline(archive.segments().get(0).blobId())) {
            files.forgetArchive(archive);
        }
    }

    /** Recreates an inline blob from a manifest (for {@code recover}); keeps the one there if it exists. */
    void restoreInline(String blobId, byte[] data) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO inline_blobs (id, data) VALUES (?, ?)")) {
                ps.setString(1, blobId);
                ps.setBytes(2, data);
                return ps.executeUpdate();
            }
        });
    }

    FileBlobStore files() {
        return files;
    }

    @Override
    public void delete(String blobId) {
        deleteAll(List.of(blobId));
    }

    /**
     * Files first, then one metadata write drops the inline rows and forgets the release records of
     * every blob that is gone (one share of a group commit for a whole aborted upload, not one per
     * part). A file that could not be deleted keeps its record, so the sweep retries it.
     */
    @Override
    public void deleteAll(List<String> blobIds) {
        if (blobIds.isEmpty()) {
            return;
        }
        List<String> gone = new ArrayList<>();
        for (String blobId : blobIds) {
            if (isInline(blobId) || files.tryDelete(blobId)) {
                gone.add(blobId);
            }
        }
        List<String> inline = gone.stream().filter(EmbeddedBlobStore::isInline).toList();
        db.write(c -> {
            deleteInline(c, inline);
            return forgetReleases(c, gone);
        });
    }

    /**
     * First deletes what the metadata recorded as released (a crash came between the commit that
     * dropped the last reference and the delete), then lets the file store remove temp files and
     * quarantine unreferenced files, and quarantines unreferenced inline blobs the same way: an inline
     * row and its archive are written by two transactions, so one without the other is as unprovable
     * as an unreferenced file.
     */
    @Override
    public SweepReport sweep(ReferenceCheck references) throws IOException {
        List<String> released = new ArrayList<>();
        List<String> queued = selectIds("SELECT id FROM released_blobs");
        for (int from = 0; from < queued.size(); from += ReferenceCheck.BATCH) {
            List<String> batch = queued.subList(from, Math.min(queued.size(), from + ReferenceCheck.BATCH));
            Set<String> referenced = references.referencedAmong(batch);
            batch.stream().filter(id -> !referenced.contains(id)).forEach(released::add);
        }
        List<String> releasedInline = released.stream().filter(EmbeddedBlobStore::isInline).toList();
        int removed = files.removeReleased(released.stream().filter(id -> !isInline(id)).toList()) + releasedInline.size();
        db.write(c -> {
            deleteInline(c, releasedInline);
            // Rows of blobs still referenced go too: a multipart completion lists its parts' blobs
            // before the archive's segments take them over.
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM released_blobs")) {
                return ps.executeUpdate();
            }
        });
        SweepReport fileSweep = files.sweep(references);
        int quarantined = fileSweep.quarantined();
        // A page of ids at a time (keyset, in id order), so memory does not grow with the inline blob count.
        String after = "";
        List<String> page;
        do {
            page = inlineIdsAfter(after);
            Set<String> referenced = references.referencedAmong(page);
            for (String id : page) {
                if (!referenced.contains(id)) {
                    files.quarantine(id, inline(id));
                    db.write(c -> deleteInline(c, List.of(id)));
                    quarantined++;
                }
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == ReferenceCheck.BATCH);
        return new SweepReport(fileSweep.tempFilesRemoved(), removed, quarantined, fileSweep.quarantine());
    }

    private List<String> inlineIdsAfter(String after) {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM inline_blobs WHERE id > ? ORDER BY id LIMIT " + ReferenceCheck.BATCH)) {
                ps.setString(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    private List<String> selectIds(String query) {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private static int deleteInline(Connection c, List<String> ids) throws SQLException {
        return deleteEach(c, "DELETE FROM inline_blobs WHERE id = ?", ids);
    }

    private static int forgetReleases(Connection c, List<String> ids) throws SQLException {
        return deleteEach(c, "DELETE FROM released_blobs WHERE id = ?", ids);
    }

    private static int deleteEach(Connection c, String delete, List<String> ids) throws SQLException {
        int deleted = 0;
        try (PreparedStatement ps = c.prepareStatement(delete)) {
            for (String id : ids) {
                ps.setString(1, id);
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }
}
