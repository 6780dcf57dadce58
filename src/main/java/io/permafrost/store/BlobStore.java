package io.permafrost.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The bytes half of the storage SPI. A blob becomes visible only through {@link BlobWriter#commit()},
 * which returns after the bytes are durable; an aborted or interrupted writer leaves nothing visible.
 */
public interface BlobStore {

    BlobWriter create() throws IOException;

    /** Reads {@code length} bytes of the blob starting at {@code offset}. */
    InputStream open(String blobId, long offset, long length) throws IOException;

    /**
     * The same bytes as {@link #open}, as a channel: a store that keeps blobs in files reads them into
     * the caller's (direct) buffer without the stream's intermediate copy.
     */
    default ReadableByteChannel openChannel(String blobId, long offset, long length) throws IOException {
        return Channels.newChannel(open(blobId, offset, length));
    }

    long size(String blobId) throws IOException;

    void delete(String blobId);

    /**
     * Throws when the store cannot take a write now (readiness): the embedded store's temporary
     * directory is not writable, the object store does not answer.
     */
    default void checkWritable() throws IOException {
    }

    /** Deletes each blob, as {@link #delete} does, in one go where the store can do better than one by one. */
    default void deleteAll(List<String> blobIds) {
        blobIds.forEach(this::delete);
    }

    /**
     * Keeps {@code archive} (with its segments) recoverable beside its blobs, durably, before its
     * metadata commit: a multipart completion, whose blobs exist already. A no-op where the blobs
     * cannot describe themselves.
     */
    default void recordArchive(ArchiveManifest archive) throws IOException {
    }

    /** Takes back a {@link #recordArchive} whose metadata commit did not happen. */
    default void forgetArchive(ArchiveManifest archive) {
    }

    /**
     * Whether {@link #retainUntil} does anything: only a store that can refuse deletes itself (an S3
     * bucket with Object Lock) can add a second line of defense behind a Locked vault policy.
     */
    default boolean retainsBlobs() {
        return false;
    }

    /**
     * Refuses deletion of the blob, to anyone including the store's own administrators, until
     * {@code until}; only ever extends an earlier date. A no-op where the store cannot enforce it.
     */
    default void retainUntil(String blobId, Instant until) throws IOException {
    }

    /**
     * The start-up clean-up after a crash, whole, for a store nothing else uses meanwhile (the embedded
     * server runs all but its temp-file part in the background while serving). It removes only what it can
     * prove is a leftover: temp files of writes that never committed, and blobs whose release the
     * metadata recorded in the transaction that dropped their last reference (and that nothing refers
     * to now). A committed blob that nothing refers to but whose release was never recorded (a crash
     * between blob commit and metadata commit, or metadata restored from an older backup, or lost) is
     * never deleted: it is moved aside into the quarantine and counted in the report.
     */
    SweepReport sweep(ReferenceCheck references) throws IOException;

    /**
     * Which of a batch of blob ids the metadata refers to. A batch, not one id: the sweep looks at every
     * blob, and one query per blob made start-up time grow with the archive count.
     */
    @FunctionalInterface
    interface ReferenceCheck {
        /** How many ids a sweep passes at most in one call. */
        int BATCH = 500;

        Set<String> referencedAmong(Collection<String> blobIds);

        /** A check asking {@code isReferenced} one id at a time, for tests and stores that cannot do better. */
        static ReferenceCheck each(Predicate<String> isReferenced) {
            return blobIds -> {
                Set<String> referenced = new HashSet<>();
                for (String id : blobIds) {
                    if (isReferenced.test(id)) {
                        referenced.add(id);
                    }
                }
                return referenced;
            };
        }
    }

    /** What a sweep did; {@code quarantine} names where the blobs it kept aside are. */
    record SweepReport(int tempFilesRemoved, int releasedBlobsRemoved, int quarantined, String quarantine) {
    }

    interface BlobWriter extends AutoCloseable {
        void write(byte[] buffer, int offset, int length) throws IOException;

        /** Makes the blob durable and visible; returns its id. */
        String commit() throws IOException;

        /**
         * Like {@link #commit()}, and keeps {@code archive}, of which this blob is the only segment,
         * recoverable from the blob alone (where the store can: files, not inline blobs). A store that
         * keeps small blobs in the metadata database may instead make the blob durable in the same
         * transaction as the archive's metadata insert (then both exist, or neither): until that insert
         * the returned id names nothing readable, and closing the writer without it leaves nothing.
         */
        default String commit(ArchiveManifest archive) throws IOException {
            return commit();
        }

        /** Discards the bytes; safe to call after commit (then a no-op) and more than once. */
        @Override
        void close();
    }
}
