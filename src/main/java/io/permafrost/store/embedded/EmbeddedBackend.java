package io.permafrost.store.embedded;

import io.permafrost.sns.TopicStore;
import io.permafrost.sqs.QueueStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.BlobStore.ReferenceCheck;
import io.permafrost.store.Coordination;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.StorageBackend;
import io.permafrost.session.ConsoleSessionStore;
import io.permafrost.store.sql.SqlConsoleSessionStore;
import io.permafrost.store.sql.SqlQueueStore;
import io.permafrost.store.sql.SqlTopicStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The zero-setup backend: one data directory with {@code metadata.db} (SQLite) and {@code blobs/}
 * (files, small blobs inline in the database). Opening it for serving takes the directory's lock, runs
 * the vault-record reconciliation, the caller's admission, then the bounded first part of the start-up
 * sweep, in that order; the rest of the sweep (which walks every blob) runs in the background while
 * the server answers requests.
 */
public final class EmbeddedBackend implements StorageBackend {
    private static final String METADATA = "metadata.db";
    private static final String BLOBS = "blobs";

    private final SqliteMetadataStore metadata;
    private final EmbeddedBlobStore blobs;
    /** Null unless opened for serving. */
    private volatile BackgroundSweep sweep;
    private final TopicStore topics;
    private final QueueStore queues;
    private final ConsoleSessionStore consoleSessions;

    private EmbeddedBackend(SqliteMetadataStore metadata, Path dataDir) throws IOException {
        this.metadata = metadata;
        this.topics = new SqlTopicStore(metadata.engine());
        this.queues = new SqlQueueStore(metadata.engine());
        this.consoleSessions = new SqlConsoleSessionStore(metadata.engine());
        this.blobs = new EmbeddedBlobStore(metadata, new FileBlobStore(dataDir.resolve(BLOBS)));
    }

    /**
     * For the server: holds the data directory's lock until closed (no {@code recover}, no second server
     * beside it), refuses metadata that lacks a lock its vault records hold, lets {@code admission} refuse
     * the stored state, then sweeps what a crash left behind: temp files before returning, the rest
     * in the background once the server begins it ({@link #beginStartUpSweep}, {@link #awaitStartUpSweep}).
     */
    public static EmbeddedBackend openForServing(Path dataDir, Admission admission) throws IOException {
        return openForServing(dataDir, admission, UnaryOperator.identity());
    }

    /** As above; {@code sweepChecks} wraps the sweep's reference check (a test holds the sweep there). */
    static EmbeddedBackend openForServing(Path dataDir, Admission admission, UnaryOperator<ReferenceCheck> sweepChecks)
            throws IOException {
        Files.createDirectories(dataDir);
        SqliteMetadataStore metadata = SqliteMetadataStore.openForServing(dataDir.resolve(METADATA));
        try {
            admission.admit(metadata.vaults());
            EmbeddedBackend backend = new EmbeddedBackend(metadata, dataDir);
            int tempsRemoved = backend.blobs.beginSweep();
            backend.sweep = BackgroundSweep.prepare(backend.blobs, tempsRemoved,
                    sweepChecks.apply(metadata::referencedBlobs));
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

    /** Starts the background part of the start-up sweep: the server calls it once it listens. */
    public void beginStartUpSweep() {
        BackgroundSweep prepared = sweep;
        if (prepared != null) {
            prepared.begin();
        }
    }

    /**
     * Waits until the background part of the start-up sweep has finished (beginning it if it has not begun);
     * returns at once if there is none.
     */
    public void awaitStartUpSweep() throws InterruptedException {
        BackgroundSweep running = sweep;
        if (running != null) {
            running.begin();
            running.await();
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
    public ConsoleSessionStore consoleSessions() {
        return consoleSessions;
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
        BackgroundSweep running = sweep;
        if (running != null) {
            running.stop();
        }
        metadata.close();
    }
}
