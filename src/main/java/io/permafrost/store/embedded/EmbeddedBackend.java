package io.permafrost.store.embedded;

import io.permafrost.sns.TopicStore;
import io.permafrost.sqs.QueueStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.Coordination;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.sql.SqlQueueStore;
import io.permafrost.store.sql.SqlTopicStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zero-setup backend: one data directory with {@code metadata.db} (SQLite) and {@code blobs/}
 * (files, small blobs inline in the database). Opening it for serving takes the directory's lock, runs
 * the vault-record reconciliation, the caller's admission, then the start-up sweep, in that order.
 */
public final class EmbeddedBackend implements StorageBackend {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBackend.class);
    private static final String METADATA = "metadata.db";
    private static final String BLOBS = "blobs";

    private final SqliteMetadataStore metadata;
    private final BlobStore blobs;
    private final TopicStore topics;
    private final QueueStore queues;

    private EmbeddedBackend(SqliteMetadataStore metadata, Path dataDir) throws IOException {
        this.metadata = metadata;
        this.topics = new SqlTopicStore(metadata.engine());
        this.queues = new SqlQueueStore(metadata.engine());
        this.blobs = new EmbeddedBlobStore(metadata, new FileBlobStore(dataDir.resolve(BLOBS)));
    }

    /**
     * For the server: holds the data directory's lock until closed (no {@code recover}, no second server
     * beside it), refuses metadata that lacks a lock its vault records hold, lets {@code admission} refuse
     * the stored state, then sweeps what a crash left behind.
     */
    public static EmbeddedBackend openForServing(Path dataDir, Admission admission) throws IOException {
        Files.createDirectories(dataDir);
        SqliteMetadataStore metadata = SqliteMetadataStore.openForServing(dataDir.resolve(METADATA));
        try {
            admission.admit(metadata.vaults());
            EmbeddedBackend backend = new EmbeddedBackend(metadata, dataDir);
            backend.sweep();
            return backend;
        } catch (IOException | RuntimeException | Error e) {
            // Closing also lets go of the data directory's lock, so the same process may try again.
            metadata.close();
            throw e;
        }
    }

    /**
     * For read-only whole-store work beside a server ({@code scrub}): no directory lock, no sweep.
     * Empty when the directory holds no Permafrost metadata.
     */
    public static java.util.Optional<EmbeddedBackend> openExisting(Path dataDir) throws IOException {
        if (!Files.exists(dataDir.resolve(METADATA))) {
            return java.util.Optional.empty();
        }
        SqliteMetadataStore metadata = new SqliteMetadataStore(dataDir.resolve(METADATA));
        try {
            return java.util.Optional.of(new EmbeddedBackend(metadata, dataDir));
        } catch (IOException | RuntimeException e) {
            metadata.close();
            throw e;
        }
    }

    private void sweep() throws IOException {
        BlobStore.SweepReport swept = blobs.sweep(metadata::referencedBlobs);
        if (swept.tempFilesRemoved() + swept.releasedBlobsRemoved() > 0) {
            LOG.info("start-up sweep removed {} temp file(s) of interrupted writes and {} blob(s) released by "
                    + "committed deletes", swept.tempFilesRemoved(), swept.releasedBlobsRemoved());
        }
        if (swept.quarantined() > 0) {
            LOG.warn("start-up sweep moved {} blob(s) that no metadata refers to into {}: kept, not deleted "
                    + "(an upload cut off before its metadata commit leaves one, but so does metadata restored "
                    + "from an older backup); see 'Durability and recovery' in the README", swept.quarantined(),
                    swept.quarantine());
        }
    }

    @Override
    public MetadataStore metadata() {
        return metadata;
    }

    @Override
    public TopicStore topics() {
        return topics;
    }

    @Override
    public QueueStore queues() {
        return queues;
    }

    @Override
    public Coordination coordination() {
        return metadata.coordination();
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public void close() {
        metadata.close();
    }
}
