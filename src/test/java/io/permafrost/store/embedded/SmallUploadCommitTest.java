package io.permafrost.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.VaultRecord;
import java.io.IOException;
import java.io.InputStream;
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
 * A small (inline) upload is one durable metadata commit: its blob's row rides in the archive's insert,
 * and so it exists exactly when the archive does, never as an orphan of a failed or abandoned upload.
 */
class SmallUploadCommitTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    private SqliteMetadataStore metadata;
    private EmbeddedBlobStore blobs;
    private VaultRecord vault;

    @BeforeEach
    void open() throws IOException {
        metadata = new SqliteMetadataStore(dataDir.resolve("metadata.db"));
        blobs = new EmbeddedBlobStore(metadata, new FileBlobStore(dataDir.resolve("blobs"), false));
        vault = metadata.vaults().createIfAbsent("111122223333", "v", NOW, 10).orElseThrow();
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void aSmallUploadCostsOneDurableCommitAndIsReadableAfterIt() throws IOException {
        byte[] data = bytes(1024);
        long before = metadata.database().commitCount();

        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            String blobId = writer.commit(manifest("a"));
            assertThat(metadata.archives().insert(archive("a", blobId, data.length))).isTrue();

            assertThat(metadata.database().commitCount() - before).as("metadata commits for one small upload")
                    .isEqualTo(1);
            try (InputStream in = blobs.open(blobId, 0, data.length)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void anArchiveInsertThatFailsTakesItsBlobWithIt() throws IOException {
        byte[] data = bytes(2000);
        String first = upload("same-id", data);
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            String second = writer.commit(manifest("same-id"));
            assertThatThrownBy(() -> metadata.archives().insert(archive("same-id", second, data.length)))
                    .as("the archive id is taken: the insert's savepoint rolls back");
        }
        assertThat(inlineIds()).as("only the blob of the archive that was committed").containsExactly(first);
    }

    @Test
    void anArchiveWhoseVaultIsGoneLeavesNoBlobRow() throws IOException {
        metadata.vaults().delete(vault.id());
        byte[] data = bytes(10);
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            String blobId = writer.commit(manifest("a"));
            assertThat(metadata.archives().insert(archive("a", blobId, data.length))).isFalse();
        }
        assertThat(inlineIds()).isEmpty();
    }

    @Test
    void anUploadAbandonedAfterItsBlobCommitLeavesNothing() throws IOException {
        byte[] data = bytes(500);
        String blobId;
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            blobId = writer.commit(manifest("a"));
        }
        assertThat(inlineIds()).isEmpty();
        // Closed, the writer has let go of its bytes: a record naming the id later cannot bring them back.
        metadata.archives().insert(archive("a", blobId, data.length));
        assertThat(inlineIds()).isEmpty();
    }

    @Test
    void aPartsInlineBlobIsStillDurableOnItsOwn() throws IOException {
        byte[] data = bytes(300);
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            String blobId = writer.commit();
            assertThat(inlineIds()).containsExactly(blobId);
        }
    }

    private String upload(String archiveId, byte[] data) throws IOException {
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            String blobId = writer.commit(manifest(archiveId));
            assertThat(metadata.archives().insert(archive(archiveId, blobId, data.length))).isTrue();
            return blobId;
        }
    }

    private ArchiveManifest manifest(String archiveId) {
        return new ArchiveManifest(vault.accountId(), vault.name(), archiveId, null, NOW, 0, "00", List.of());
    }

    private ArchiveRecord archive(String archiveId, String blobId, long size) {
        return new ArchiveRecord(archiveId, vault.id(), null, size, "00", NOW,
                List.of(new BlobSegment(blobId, size, "00", null)));
    }

    private List<String> inlineIds() {
        return metadata.database().read(c -> {
            List<String> ids = new ArrayList<>();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT id FROM inline_blobs")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private static byte[] bytes(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 7);
        data[size / 2] = 8;
        return data;
    }
}
