package io.permafrost.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.VaultRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up sweep deletes only what it can prove is garbage (a temp file, or a blob whose
 * release was committed with the change that dropped its last reference) and keeps everything else
 * it does not know in the quarantine, file blobs and inline blobs alike. Each case stops where a
 * crash would: the metadata change is committed, the blob delete after it never runs.
 */
class EmbeddedBlobSweepTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    private SqliteMetadataStore metadata;
    private FileBlobStore files;
    private EmbeddedBlobStore blobs;
    private VaultRecord vault;

    @BeforeEach
    void open() throws IOException {
        metadata = new SqliteMetadataStore(dataDir.resolve("metadata.db"));
        files = new FileBlobStore(dataDir.resolve("blobs"), false);
        blobs = new EmbeddedBlobStore(metadata, files);
        vault = metadata.vaults().createIfAbsent("111122223333", "v", NOW, 10).orElseThrow();
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void deletesReleasedBlobsAndQuarantinesUnreferencedOnesItCannotProveAreGarbage() throws IOException {
        byte[] large = bytes(EmbeddedBlobStore.INLINE_LIMIT + 1, 1);
        String kept = archive("kept", blobOf(large));
        String deletedArchiveBlob = blobOf(large);
        archive("deleted", deletedArchiveBlob);
        assertThat(metadata.archives().delete(vault.id(), "deleted", NOW).releasedBlobIds())
                .containsExactly(deletedArchiveBlob);
        String deletedInline = blobOf(bytes(100, 2));
        archive("deleted-inline", deletedInline);
        metadata.archives().delete(vault.id(), "deleted-inline", NOW);
        byte[] unknownBytes = bytes(EmbeddedBlobStore.INLINE_LIMIT + 7, 3);
        String unknownFile = blobOf(unknownBytes); // committed, but its archive's metadata never was
        byte[] unknownInlineBytes = bytes(300, 4);
        String unknownInline = blobOf(unknownInlineBytes);

        BlobStore.SweepReport report = blobs.sweep(metadata::referencedBlobs);

        assertThat(report.releasedBlobsRemoved()).isEqualTo(2);
        assertThat(report.quarantined()).isEqualTo(2);
        assertThat(Path.of(report.quarantine())).isEqualTo(dataDir.resolve("blobs").resolve("quarantine"));
        assertThat(shardFile(deletedArchiveBlob)).doesNotExist();
        assertThat(shardFile(kept)).exists();
        assertThat(shardFile(unknownFile)).doesNotExist();
        assertThat(quarantined(unknownFile)).hasBinaryContent(unknownBytes);
        assertThat(quarantined(unknownInline)).hasBinaryContent(unknownInlineBytes);
        assertThat(inlineIds()).as("the released inline blob is deleted, the unknown one moved out")
                .doesNotContain(deletedInline, unknownInline).isEmpty();
        assertThat(blobs.sweep(metadata::referencedBlobs))
                .as("a second sweep finds nothing left to do")
                .isEqualTo(new BlobStore.SweepReport(0, 0, 0, report.quarantine()));
    }

    @Test
    void neverDeletesABlobWhoseReleaseWasRecordedButThatIsReferencedAgain() throws IOException {
        // A multipart completion drops the parts' rows (a release) and hands their blobs to the archive.
        String blob = blobOf(bytes(EmbeddedBlobStore.INLINE_LIMIT + 1, 5));
        archive("first", blob);
        archive("second", blob);
        metadata.archives().delete(vault.id(), "first", NOW);

        BlobStore.SweepReport report = blobs.sweep(metadata::referencedBlobs);

        assertThat(shardFile(blob)).exists();
        assertThat(report.releasedBlobsRemoved()).isZero();
        assertThat(report.quarantined()).isZero();
    }

    @Test
    void asksWhichBlobsAreReferencedInBatchesNotOneQueryPerBlob() throws IOException {
        int archives = 1200;
        for (int i = 0; i < archives; i++) {
            archive("a" + i, blobOf(bytes(100, i)));
        }
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        BlobStore.SweepReport report = blobs.sweep(ids -> {
            calls.incrementAndGet();
            return metadata.referencedBlobs(ids);
        });
        assertThat(report.quarantined()).isZero();
        assertThat(inlineIds()).hasSize(archives);
        // 1200 inline blobs in pages of 500: three questions (and none for the empty release list and shards).
        assertThat(calls.get()).isLessThanOrEqualTo(archives / BlobStore.ReferenceCheck.BATCH + 2);
    }

    private String archive(String id, String blobId) throws IOException {
        long size = blobs.size(blobId);
        assertThat(metadata.archives().insert(new ArchiveRecord(id, vault.id(), null, size, "00", NOW,
                List.of(new BlobSegment(blobId, size, "00", null))))).isTrue();
        return blobId;
    }

    private String blobOf(byte[] data) throws IOException {
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            return writer.commit();
        }
    }

    private List<String> inlineIds() {
        return metadata.database().read(c -> {
            List<String> ids = new java.util.ArrayList<>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM inline_blobs")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private Path shardFile(String blobId) {
        return dataDir.resolve("blobs").resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    private Path quarantined(String blobId) {
        return dataDir.resolve("blobs").resolve("quarantine").resolve(blobId);
    }

    private static byte[] bytes(int size, int seed) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) seed);
        data[size / 2] = (byte) (seed + 1);
        return data;
    }
}
