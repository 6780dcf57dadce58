package io.permafrost.store.embedded;

import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobDeletionQueue;
import io.permafrost.store.BlobStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The embedded blob store: blobs up to {@link #INLINE_LIMIT} bytes are kept inside the metadata
 * database, larger ones as files ({@link FileBlobStore}). A small upload then costs one share of one
 * group commit (its blob's row rides in the archive's insert) instead of two fsyncs and a rename of
 * its own; a writer starts in memory and spills to a file as soon as it grows past the limit, so
 * memory stays bounded per upload.
 */
public final class EmbeddedBlobStore implements BlobStore {
    public static final int INLINE_LIMIT = 64 * 1024;
    private static final int INITIAL_BUFFER = 8 * 1024;
    /**
     * The due time {@link #beginSweep} gives blobs released before this process started: no clock reads
     * it (the epoch), so it never matches a blob this process queues, whatever the clock says.
     */
    private static final long RELEASED_BEFORE_START = 0;
    private static final String SWEEP_HOLDER = "start-up sweep";

    private final SqliteDatabase db;
    private final FileBlobStore files;
    private final BlobDeletionQueue deletions;
    private final InlineBlobsAwaitingArchive awaitingArchive;
    private final BlobIds ids = new BlobIds();
    private final BlobsBornDuringSweep born = new BlobsBornDuringSweep();

    public EmbeddedBlobStore(SqliteMetadataStore metadata, FileBlobStore files) {
        this.db = metadata.database();
        this.files = files;
        this.deletions = metadata.coordination().deletions();
        this.awaitingArchive = metadata.inlineAwaitingArchive();
    }

    private static boolean isInline(String blobId) {
        return BlobIds.isInline(blobId);
    }

    @Override
    public void checkWritable() throws IOException {
        files.checkWritable();
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
                String id = ids.fileId();
                born.record(id);
                file = files.create(id);
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

        /** The id of the blob this writer staged for its archive's insert; null until then. */
        private String staged;

        /**
         * An inline blob gets no sidecar: it lives and dies with the database, like its archive's record.
         * Nor a write of its own: its row waits for the archive's insert, which writes it in the same
         * savepoint ({@link InlineBlobsAwaitingArchive}), so the upload costs one durable commit, not two.
         */
        @Override
        public String commit(ArchiveManifest archive) throws IOException {
            if (file != null) {
                return file.commit(archive);
            }
            String id = newInlineId();
            awaitingArchive.stage(id, Arrays.copyOf(buffer, size));
            staged = id;
            return id;
        }

        @Override
        public String commit() throws IOException {
            if (file != null) {
                return file.commit();
            }
            String id = newInlineId();
            byte[] data = Arrays.copyOf(buffer, size);
            db.write(c -> {
                InlineBlobsAwaitingArchive.insert(c, id, data);
                return null;
            });
            return id;
        }

        private String newInlineId() {
            String id = ids.inlineId();
            born.record(id);
            return id;
        }

        /** Also lets go of a staged blob: its archive's insert has written it by now, or never will. */
        @Override
        public void close() {
            if (staged != null) {
                awaitingArchive.withdraw(staged);
                staged = null;
            }
            if (file != null) {
                file.close();
            }
        }
    }

    @Override
    public ReadableByteChannel openChannel(String blobId, long offset, long length) throws IOException {
        return isInline(blobId) ? BlobStore.super.openChannel(blobId, offset, length)
                : files.openChannel(blobId, offset, length);
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
     * Files first, then a metadata write drops the inline rows and forgets the release records of the
     * blobs that are gone (one share of a group commit for a whole aborted upload, not one per part). A
     * file that could not be deleted keeps its record, so the sweep retries it. A batch of blobs at a
     * time, each batch its own short write: the 10,000 parts of one big archive must not hold the one
     * writer (and every other request's commit) for the whole delete.
     */
    @Override
    public void deleteAll(List<String> blobIds) {
        for (int from = 0; from < blobIds.size(); from += ReferenceCheck.BATCH) {
            List<String> gone = new ArrayList<>();
            for (String blobId : blobIds.subList(from, Math.min(blobIds.size(), from + ReferenceCheck.BATCH))) {
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
    }

    /**
     * The whole sweep at once ({@link #beginSweep} then {@link #finishSweep}), for a store nothing else
     * uses meanwhile.
     */
    @Override
    public SweepReport sweep(ReferenceCheck references) throws IOException {
        return finishSweep(beginSweep(), references, () -> false);
    }

    /**
     * The part of the start-up sweep that must run before anything is served, and is bounded by what
     * a crash cut off rather than by the store: deletes the temp files of interrupted writes (once
     * serving, {@code tmp/} holds the bytes of writes in flight) and makes every blob an earlier process
     * released due now (one statement; after a restart no transfer can still be reading one), marked so
     * that {@link #finishSweep} tells them from blobs this process releases. From here on every blob this
     * process creates is remembered until the sweep has finished, so the sweep never touches one.
     * Returns how many temp files it removed.
     */
    int beginSweep() throws IOException {
        born.startRecording();
        int temps = files.removeTempFiles();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE released_blobs SET delete_after = "
                    + RELEASED_BEFORE_START + ", claimed_by = NULL, lease_until = NULL")) {
                return ps.executeUpdate();
            }
        });
        return temps;
    }

    /**
     * The rest of the start-up sweep, safe while requests are served: deletes the blobs released before
     * this process started that nothing refers to now, then moves into the quarantine every blob file and
     * inline blob that nothing refers to, that is not waiting for deletion and that this process did not
     * create (its metadata commit may still be coming). Works a batch of ids at a time, so memory does
     * not grow with the store, and stops between batches once {@code stop} says so (the next start
     * sweeps again). {@code temps}: what {@link #beginSweep} removed, for the report.
     */
    SweepReport finishSweep(int temps, ReferenceCheck references, BooleanSupplier stop) throws IOException {
        try {
            int removed = removeReleasedBeforeStart(stop);
            ReferenceCheck accountedFor = accountedFor(references);
            int quarantined = files.quarantineUnreferenced(accountedFor, stop);
            quarantined += quarantineUnreferencedInline(accountedFor, stop);
            return new SweepReport(temps, removed, quarantined, files.quarantineDirectory().toString());
        } finally {
            born.stopRecording();
        }
    }

    /**
     * Claims, a batch at a time, the released blobs {@link #beginSweep} made due (the queue drops those
     * something refers to again: a multipart completion hands its parts' blobs to the archive), deletes
     * them, durably, then takes them off the queue.
     */
    private int removeReleasedBeforeStart(BooleanSupplier stop) throws IOException {
        int removed = 0;
        List<String> claimed;
        do {
            if (stop.getAsBoolean()) {
                return removed;
            }
            claimed = deletions.claimDue(SWEEP_HOLDER, Instant.ofEpochMilli(RELEASED_BEFORE_START),
                    Instant.ofEpochMilli(RELEASED_BEFORE_START + 1), ReferenceCheck.BATCH);
            List<String> inline = claimed.stream().filter(EmbeddedBlobStore::isInline).toList();
            removed += files.removeReleased(claimed.stream().filter(id -> !isInline(id)).toList()) + inline.size();
            List<String> gone = claimed;
            db.write(c -> {
                deleteInline(c, inline);
                return forgetReleases(c, gone);
            });
        } while (claimed.size() == ReferenceCheck.BATCH);
        return removed;
    }

    /**
     * What the sweep must leave alone: blobs the metadata refers to, then (asked after, so that a blob
     * released between the two questions is seen as queued) blobs waiting in the deletion queue (the
     * collector's to delete, not the quarantine's to keep) and blobs this process created.
     */
    private ReferenceCheck accountedFor(ReferenceCheck references) {
        return ids -> {
            Set<String> kept = new HashSet<>(references.referencedAmong(ids));
            List<String> rest = ids.stream().filter(id -> !kept.contains(id)).toList();
            if (!rest.isEmpty()) {
                kept.addAll(queuedAmong(rest));
                rest.stream().filter(born::contains).forEach(kept::add);
            }
            return kept;
        };
    }

    private Set<String> queuedAmong(List<String> ids) {
        return db.read(c -> {
            Set<String> queued = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM released_blobs WHERE id IN ("
                    + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(i + 1, ids.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        queued.add(rs.getString(1));
                    }
                }
            }
            return queued;
        });
    }

    /** A page of ids at a time (keyset, in id order), so memory does not grow with the inline blob count. */
    private int quarantineUnreferencedInline(ReferenceCheck accountedFor, BooleanSupplier stop) throws IOException {
        int quarantined = 0;
        String after = "";
        List<String> page;
        do {
            if (stop.getAsBoolean()) {
                return quarantined;
            }
            page = inlineIdsAfter(after);
            Set<String> kept = accountedFor.referencedAmong(page);
            for (String id : page) {
                if (!kept.contains(id)) {
                    files.quarantine(id, inline(id));
                    db.write(c -> deleteInline(c, List.of(id)));
                    quarantined++;
                }
            }
            after = page.isEmpty() ? after : page.get(page.size() - 1);
        } while (page.size() == ReferenceCheck.BATCH);
        return quarantined;
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

    private static int deleteInline(Connection c, List<String> ids) throws SQLException {
        return deleteAmong(c, "inline_blobs", ids);
    }

    private static int forgetReleases(Connection c, List<String> ids) throws SQLException {
        return deleteAmong(c, "released_blobs", ids);
    }

    /** One statement for a batch of ids (at most {@link ReferenceCheck#BATCH}: far below SQLite's parameter limit). */
    private static int deleteAmong(Connection c, String table, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setString(i + 1, ids.get(i));
            }
            return ps.executeUpdate();
        }
    }
}
