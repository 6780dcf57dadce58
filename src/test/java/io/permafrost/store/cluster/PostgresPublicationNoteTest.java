package io.permafrost.store.cluster;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.sql.SqlVaultStore;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blob's published_blobs note is removed by the very commit that first makes a row refer to the blob (V9
 * triggers), so no snapshot ever sees the blob neither noted nor referenced, and a rolled-back reference
 * leaves the note for the orphan collector.
 */
class PostgresPublicationNoteTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private PostgresDatabase db;
    private VaultRecord vault;
    private PostgresPublishedBlobs notes;

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
        vault = new SqlVaultStore(new PostgresEngine(db.transactions())).createIfAbsent("acct", "v", T0, 10).orElseThrow();
        notes = new PostgresPublishedBlobs(db.transactions());
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private ArchiveRecord archiveOf(String blobId) {
        return new ArchiveRecord("a-" + blobId, vault.id(), "", 1, "0".repeat(64), T0,
                List.of(new BlobSegment(blobId, 1, "0".repeat(64), null)));
    }

    private static boolean noted(Connection c, String blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM published_blobs WHERE blob_id = ?")) {
            ps.setString(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void theTransactionThatFirstRefersToABlobRemovesItsNoteBeforeItCommits() throws Exception {
        notes.aboutToPublish("b1");
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(noted(c, "b1")).isTrue();
            assertThat(PostgresArchiveStore.insertArchive(c, archiveOf("b1"))).isTrue();
            // Same open transaction: the reference and the note's removal are one change, seen together.
            assertThat(noted(c, "b1")).isFalse();
            c.commit();
        }
        try (Connection other = db.dataSource().getConnection()) {
            assertThat(noted(other, "b1")).isFalse();
        }
    }

    @Test
    void aRolledBackReferenceLeavesTheNoteForTheOrphanCollector() throws Exception {
        notes.aboutToPublish("b2");
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(PostgresArchiveStore.insertArchive(c, archiveOf("b2"))).isTrue();
            assertThat(noted(c, "b2")).isFalse();
            c.rollback();
            assertThat(noted(c, "b2")).isTrue();
            c.commit();
        }
    }
}
