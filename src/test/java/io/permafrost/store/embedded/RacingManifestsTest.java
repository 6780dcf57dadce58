package io.permafrost.store.embedded;

import io.permafrost.store.BlobStore;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.VaultRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Completes of one upload each write the manifest of their own archive id over the same part
 * blobs before the database picks the winner. Each manifest must be its own file, the loser takes
 * back only its own, and {@code recover} never adds a second archive over blobs an archive already holds.
 */
class RacingManifestsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dataDir;

    private SqliteMetadataStore metadata;
    private EmbeddedBlobStore blobs;
    private List<BlobSegment> parts;

    @BeforeEach
    void open() throws IOException {
        metadata = new SqliteMetadataStore(dataDir.resolve("metadata.db"));
        blobs = new EmbeddedBlobStore(metadata, new FileBlobStore(dataDir.resolve("blobs"), false));
        // A full part as a file and a short last part kept inline, as a 1 MiB + 10 byte upload leaves them.
        parts = List.of(part(EmbeddedBlobStore.INLINE_LIMIT + 1, 1), part(10, 2));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void theLoserForgetsOnlyItsOwnManifestAndTheWinnersMovesWithItsBlob() throws IOException {
        blobs.recordArchive(manifest("winner"));
        blobs.recordArchive(manifest("loser"));
        assertThat(manifestIds()).as("one manifest per racing Complete").containsExactlyInAnyOrder("winner", "loser");

        blobs.forgetArchive(manifest("loser"));
        assertThat(manifestIds()).as("after the loser took its manifest back").containsExactly("winner");

        String first = parts.get(0).blobId();
        blobs.sweep(BlobStore.ReferenceCheck.each(blob -> false));
        assertThat(manifestIds()).as("quarantined with its blob").containsExactly("winner");
        assertThat(blobs.files().restoreFromQuarantine(first)).isTrue();
        assertThat(manifestIds()).as("back in the shard with its blob").containsExactly("winner");

        blobs.delete(first);
        assertThat(manifestIds()).as("deleted with its blob").isEmpty();
    }

    @Test
    void recoverSkipsAManifestOverBlobsThatAKnownArchiveHolds() throws IOException {
        blobs.recordArchive(manifest("winner"));
        blobs.recordArchive(manifest("loser")); // a crash came before the loser could take it back
        insert(manifest("winner"));
        metadata.close();

        MetadataRecovery.Report report = recover();

        assertThat(report.archivesRestored()).isZero();
        assertThat(report.archivesAlreadyKnown()).isOne();
        assertThat(report.problems()).singleElement().asString()
                .contains("archive loser is not known, but its blobs belong to archive winner")
                .contains("not adding a second archive over the same bytes");
    }

    @Test
    void recoverWithoutTheArchivesAddsOneArchiveOverBlobsTwoManifestsClaim() throws IOException {
        blobs.recordArchive(manifest("winner"));
        blobs.recordArchive(manifest("loser"));
        metadata.close();

        MetadataRecovery.Report report = recover();

        assertThat(report.archivesRestored()).isOne();
        assertThat(report.problems()).singleElement().asString().contains("not adding a second archive");
    }

    private MetadataRecovery.Report recover() throws IOException {
        return new MetadataRecovery(dataDir, NOW, line -> { }).run();
    }

    private ArchiveManifest manifest(String archiveId) {
        long size = parts.stream().mapToLong(BlobSegment::length).sum();
        return new ArchiveManifest(ACCOUNT, "v", archiveId, null, NOW, size, "00", parts);
    }

    private void insert(ArchiveManifest archive) {
        VaultRecord vault = metadata.vaults().createIfAbsent(ACCOUNT, archive.vaultName(), NOW, 10).orElseThrow();
        assertThat(metadata.archives().insert(new ArchiveRecord(archive.archiveId(), vault.id(), null, archive.size(),
                archive.treeHash(), NOW, archive.segments()))).isTrue();
    }

    private List<String> manifestIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path file : blobs.files().manifests()) {
            ids.add(ArchiveManifestFile.read(file).manifest().archiveId());
        }
        return ids;
    }

    private BlobSegment part(int size, int seed) throws IOException {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) seed);
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            return new BlobSegment(writer.commit(), size, "00", null);
        }
    }
}
