package io.permafrost.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.VaultRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up sweep's walk over every blob runs while the server serves: it must never take a blob
 * this process is writing (committed, its archive's metadata commit still to come) nor one a commit of
 * this process released (the deletion queue's, with its grace), and a server must not wait for it.
 * The sweep is held inside its walk by a reference check that blocks, so what happens meanwhile is
 * exactly what happens beside a long sweep of a big store.
 */
class BackgroundSweepTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dataDir;

    @Test
    void answersWhileTheSweepRunsAndTheSweepLeavesBlobsWrittenMeanwhileAlone() throws Exception {
        try (EmbeddedBackend first = EmbeddedBackend.openForServing(dataDir, StorageBackend.Admission.NONE)) {
            first.awaitStartUpSweep();
            VaultRecord vault = first.metadata().vaults().createIfAbsent(ACCOUNT, "v", NOW, 10).orElseThrow();
            // A referenced blob in the first shard: the sweep's walk starts there and is held there.
            String kept = "00" + "ab".repeat(15);
            try (BlobWriter writer = ((EmbeddedBlobStore) first.blobs()).files().create(kept)) {
                byte[] data = bytes(EmbeddedBlobStore.INLINE_LIMIT + 1, 1);
                writer.write(data, 0, data.length);
                writer.commit();
            }
            archive(first, vault, "kept", kept, EmbeddedBlobStore.INLINE_LIMIT + 1);
        }

        CountDownLatch sweepHeld = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        try (EmbeddedBackend backend = EmbeddedBackend.openForServing(dataDir, StorageBackend.Admission.NONE,
                check -> ids -> {
                    sweepHeld.countDown();
                    await(letGo);
                    return check.referencedAmong(ids);
                })) {
            backend.beginStartUpSweep();
            assertThat(sweepHeld.await(30, TimeUnit.SECONDS)).as("the sweep reached its walk").isTrue();
            // Served while the sweep is held: a metadata read, and two uploads' blobs committed with
            // their archives' metadata commits not yet done (as an upload in flight stands).
            VaultRecord vault = backend.metadata().vaults().find(ACCOUNT, "v").orElseThrow();
            byte[] large = bytes(EmbeddedBlobStore.INLINE_LIMIT + 5, 2);
            String fileBlob = blobOutsideTheFirstShard(backend.blobs(), large);
            byte[] small = bytes(300, 3);
            String inlineBlob = blob(backend.blobs(), small);

            letGo.countDown();
            backend.awaitStartUpSweep();

            archive(backend, vault, "in-flight-file", fileBlob, large.length);
            archive(backend, vault, "in-flight-inline", inlineBlob, small.length);
            assertThat(read(backend.blobs(), fileBlob, large.length)).isEqualTo(large);
            assertThat(read(backend.blobs(), inlineBlob, small.length)).isEqualTo(small);
            assertThat(dataDir.resolve("blobs").resolve("quarantine")).as("nothing was quarantined")
                    .doesNotExist();
        }
    }

    @Test
    void deletesWhatWasReleasedBeforeTheStartAndLeavesWhatThisProcessReleasesToTheQueue() throws Exception {
        SqliteMetadataStore metadata = new SqliteMetadataStore(dataDir.resolve("metadata.db"));
        try {
            EmbeddedBlobStore blobs = new EmbeddedBlobStore(metadata, new FileBlobStore(dataDir.resolve("blobs"), false));
            VaultRecord vault = metadata.vaults().createIfAbsent(ACCOUNT, "v", NOW, 10).orElseThrow();
            byte[] large = bytes(EmbeddedBlobStore.INLINE_LIMIT + 1, 4);
            String releasedBefore = blob(blobs, large);
            String releasedDuring = blob(blobs, large);
            insert(metadata, vault, "before", releasedBefore, large.length);
            insert(metadata, vault, "during", releasedDuring, large.length);
            metadata.archives().delete(vault.id(), "before", NOW); // a crash came before its file was deleted

            int temps = blobs.beginSweep();
            // Released by this process once serving: its file is the deletion queue's (after its grace).
            metadata.archives().delete(vault.id(), "during", NOW);
            BlobStore.SweepReport report = blobs.finishSweep(temps, metadata::referencedBlobs, () -> false);

            assertThat(report.releasedBlobsRemoved()).isEqualTo(1);
            assertThat(shardFile(releasedBefore)).doesNotExist();
            assertThat(shardFile(releasedDuring)).as("neither deleted nor quarantined: queued").exists();
            assertThat(report.quarantined()).isZero();
            assertThat(metadata.coordination().deletions().size()).isEqualTo(1);
        } finally {
            metadata.close();
        }
    }

    private static String blobOutsideTheFirstShard(BlobStore blobs, byte[] data) throws IOException {
        while (true) {
            String id = blob(blobs, data);
            if (!id.startsWith("00")) {
                return id;
            }
            blobs.delete(id);
        }
    }

    private static String blob(BlobStore blobs, byte[] data) throws IOException {
        try (BlobWriter writer = blobs.create()) {
            writer.write(data, 0, data.length);
            return writer.commit();
        }
    }

    private static void archive(EmbeddedBackend backend, VaultRecord vault, String id, String blobId, long size) {
        insert(backend.metadata(), vault, id, blobId, size);
    }

    private static void insert(io.permafrost.store.MetadataStore metadata, VaultRecord vault, String id, String blobId,
                               long size) {
        assertThat(metadata.archives().insert(new ArchiveRecord(id, vault.id(), null, size, "00", NOW,
                List.of(new BlobSegment(blobId, size, "00", null))))).isTrue();
    }

    private static byte[] read(BlobStore blobs, String blobId, int length) throws IOException {
        try (InputStream in = blobs.open(blobId, 0, length)) {
            return in.readAllBytes();
        }
    }

    private Path shardFile(String blobId) {
        return dataDir.resolve("blobs").resolve(blobId.substring(0, 2)).resolve(blobId);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(int size, int seed) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) seed);
        data[size / 2] = (byte) (seed + 1);
        return data;
    }
}
