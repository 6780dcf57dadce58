package io.permafrost.store.cluster;

import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.s3.S3BlobStore;
import io.permafrost.testing.MutableClock;
import io.permafrost.testing.TestBucket;
import io.permafrost.testing.TestObjectStore;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orphan collector on the test object store (a fresh Object Lock bucket) and PostgreSQL: it deletes an
 * object nothing refers to once it and its note are older than the bound, and never one whose note is fresh
 * (a write whose metadata commit may still come), one written but not yet committed, one queued for
 * deferred deletion, or one under retention (kept, quietly). The collector's clock runs a day and more
 * ahead, so every object looks old by its age alone. Skipped, saying why, without an object store.
 */
class OrphanCollectorIT {
    private static final Duration AHEAD = OrphanCollector.BOUND.plusHours(1);

    private TestBucket bucket;
    private PostgresDatabase db;
    private S3BlobStore blobs;
    private OrphanCollector collector;

    @BeforeEach
    void open() {
        TestObjectStore.settingsOrSkip();
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
        bucket = TestBucket.createIfConfigured();
        blobs = new S3BlobStore(bucket.settings(), new PostgresPublishedBlobs(db.transactions()));
        collector = new OrphanCollector(db.transactions(), blobs, new MutableClock(Instant.now().plus(AHEAD)),
                OrphanCollector.BOUND);
    }

    @AfterEach
    void close() {
        if (blobs != null) {
            blobs.close();
        }
        if (bucket != null) {
            bucket.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void anOrphanOlderThanTheBoundIsCollectedAndItsNoteWithIt() throws Exception {
        String orphan = write("left behind by a killed node");
        ageNote(orphan);

        OrphanCollector.Report report = collector.collect();

        assertThat(report.deleted()).isEqualTo(1);
        assertThat(stored()).doesNotContain(orphan);
        assertThat(notes()).as("the aged note goes too").isZero();
    }

    @Test
    void anObjectWhoseNoteIsFreshIsKeptHoweverOldTheObjectLooks() throws Exception {
        String fresh = write("published a moment ago; its metadata commit may still be coming");

        OrphanCollector.Report report = collector.collect();

        assertThat(report.listed()).isEqualTo(1);
        assertThat(report.orphans()).isZero();
        assertThat(stored()).containsExactly(fresh);
    }

    @Test
    void aBlobStillBeingWrittenIsNeverTouchedAndIsKeptOnceCommitted() throws Exception {
        byte[] large = new byte[9 << 20]; // past one S3 part: an S3 multipart upload in flight
        try (BlobWriter writer = blobs.create()) {
            writer.write(large, 0, large.length);
            assertThat(collector.collect().listed()).as("not an object before commit").isZero();
            String id = writer.commit();
            assertThat(collector.collect().orphans()).isZero();
            assertThat(stored()).containsExactly(id);
        }
    }

    @Test
    void aBlobQueuedForDeferredDeletionIsLeftToTheQueueWhileAnOrphanBesideItGoes() throws Exception {
        String queued = write("released, within its grace for readers");
        ageNote(queued);
        String orphan = write("left behind by a killed node");
        ageNote(orphan);
        db.transactions().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO released_blobs (id) VALUES (?)")) {
                ps.setString(1, queued);
                return ps.executeUpdate();
            }
        });

        assertThat(collector.collect().deleted()).isEqualTo(1);
        assertThat(stored()).containsExactly(queued);
    }

    @Test
    void anOrphanUnderRetentionIsKeptQuietly() throws Exception {
        String retained = write("of a Locked vault whose metadata commit never came");
        blobs.retainUntil(retained, Instant.now().plusSeconds(120));
        ageNote(retained);

        OrphanCollector.Report report = collector.collect();

        assertThat(report.orphans()).isEqualTo(1);
        assertThat(report.retained()).isEqualTo(1);
        assertThat(report.deleted()).isZero();
        assertThat(stored()).containsExactly(retained);
    }

    private String write(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (BlobWriter writer = blobs.create()) {
            writer.write(bytes, 0, bytes.length);
            return writer.commit();
        }
    }

    /** Makes the blob's note look as old as a killed node's: more than the bound. */
    private void ageNote(String blobId) {
        int aged = db.transactions().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE published_blobs SET published_at = published_at - ? WHERE blob_id = ?")) {
                ps.setLong(1, AHEAD.toMillis());
                ps.setString(2, blobId);
                return ps.executeUpdate();
            }
        });
        assertThat(aged).as("the writer noted the blob").isEqualTo(1);
    }

    private long notes() {
        return db.transactions().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM published_blobs");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private List<String> stored() throws IOException {
        List<String> ids = new ArrayList<>();
        blobs.listBlobs(page -> page.forEach(b -> ids.add(b.blobId())));
        return ids;
    }
}
