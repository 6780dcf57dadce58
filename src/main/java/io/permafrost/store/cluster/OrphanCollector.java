package io.permafrost.store.cluster;

import io.permafrost.store.s3.S3BlobStore;
import io.permafrost.store.s3.S3BlobStore.StoredBlob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes objects of the shared bucket that nothing refers to and never will: what a node killed between
 * writing an object and committing its metadata leaves behind. It deletes only what it can prove is
 * garbage, an object that
 * <ul>
 *   <li>no record refers to ({@code blob_is_referenced}, the check the deletion queue and the triggers use),</li>
 *   <li>is not queued for deferred deletion (that queue, with its grace for readers, owns such a blob),</li>
 *   <li>has no note in {@code published_blobs} younger than the bound (a write whose metadata commit may
 *       still come: the writer notes the blob before its object appears), and</li>
 *   <li>whose object is older than the bound too.</li>
 * </ul>
 * Runs on one node at a time (the caller's lease); lists the bucket a page at a time, so memory does not
 * grow with it. An object under Object Lock retention refuses the delete: it is kept, quietly.
 */
public final class OrphanCollector implements Runnable {
    /**
     * How old an unreferenced object and its note must be. A note is taken just before the object appears
     * and removed once the metadata refers to it, which is seconds later (the metadata commit of the same
     * request, or of the job that produced an inventory); a day is far beyond any such gap, whatever the
     * size of the transfer before it (the note is taken when the transfer is over).
     */
    public static final Duration BOUND = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);

    private final Transactions tx;
    private final S3BlobStore blobs;
    private final Clock clock;
    private final Duration bound;

    OrphanCollector(Transactions tx, S3BlobStore blobs, Clock clock, Duration bound) {
        this.tx = tx;
        this.blobs = blobs;
        this.clock = clock;
        this.bound = bound;
    }

    /** What one pass found and did. */
    public record Report(long listed, long orphans, long deleted, long retained, int notesExpired) {
    }

    @Override
    public void run() {
        Report report = collect();
        if (report.orphans() > 0) {
            LOG.info("orphan collection: {} object(s) listed, {} orphan(s) older than {}: {} deleted, {} kept under "
                    + "retention", report.listed(), report.orphans(), bound, report.deleted(), report.retained());
        }
    }

    public Report collect() {
        Instant olderThan = clock.instant().minus(bound);
        long[] counts = new long[4];
        try {
            blobs.listBlobs(page -> {
                counts[0] += page.size();
                List<String> old = new ArrayList<>();
                for (StoredBlob blob : page) {
                    if (blob.lastModified().isBefore(olderThan)) {
                        old.add(blob.blobId());
                    }
                }
                for (String orphan : old.isEmpty() ? List.<String>of() : unprotected(old)) {
                    counts[1]++;
                    if (blobs.deleteUnlessRetained(orphan)) {
                        counts[2]++;
                    } else {
                        counts[3]++;
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int expired = expireNotes();
        return new Report(counts[0], counts[1], counts[2], counts[3], expired);
    }

    /** Of {@code blobIds}, those nothing protects, as one snapshot of the database sees them. */
    private List<String> unprotected(List<String> blobIds) {
        return tx.inSnapshot(c -> {
            // Qualified throughout: an unqualified "id" inside the subqueries would be released_blobs' own column.
            try (PreparedStatement ps = c.prepareStatement("SELECT u.id FROM unnest(?::text[]) AS u (id) "
                    + "WHERE NOT blob_is_referenced(u.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM released_blobs r WHERE r.id = u.id) "
                    + "AND NOT EXISTS (SELECT 1 FROM published_blobs p WHERE p.blob_id = u.id "
                    + "AND p.published_at > " + PostgresPublishedBlobs.DATABASE_NOW_MILLIS + " - ?)")) {
                ps.setArray(1, c.createArrayOf("text", blobIds.toArray()));
                ps.setLong(2, bound.toMillis());
                List<String> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                return found;
            }
        });
    }

    /** Notes older than the bound protect nothing any more: their writer is long gone. */
    private int expireNotes() {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM published_blobs WHERE published_at < "
                    + PostgresPublishedBlobs.DATABASE_NOW_MILLIS + " - ?")) {
                ps.setLong(1, bound.toMillis());
                return ps.executeUpdate();
            }
        });
    }
}
