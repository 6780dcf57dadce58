package io.permafrost.store.cluster;

import io.permafrost.sns.TopicStore;
import io.permafrost.sqs.QueueStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.ComplianceClockRow;
import io.permafrost.store.Coordination;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.s3.S3BlobStore;
import io.permafrost.session.ConsoleSessionStore;
import io.permafrost.store.sql.SqlConsoleSessionStore;
import io.permafrost.store.sql.SqlQueueStore;
import io.permafrost.store.sql.SqlTopicStore;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/**
 * Cluster mode: metadata in PostgreSQL, bytes in a shared blob store, nothing on the node itself, so any
 * number of nodes started with the same settings serve one set of vaults. Opening migrates the schema
 * once (under an advisory lock, whoever starts first); there is no start-up sweep, since a blob another
 * node is writing right now looks exactly like a leftover.
 */
public final class ClusterBackend implements StorageBackend {
    private static final Class<?> SYSTEM_CLOCK = Clock.systemUTC().getClass();

    private final PostgresMetadataStore metadata;
    private final BlobStore blobs;
    private final PostgresCoordination coordination;
    private final TopicStore topics;
    private final QueueStore queues;
    private final ConsoleSessionStore consoleSessions;

    private ClusterBackend(PostgresMetadataStore metadata, BlobStore blobs) {
        this.metadata = metadata;
        this.topics = new SqlTopicStore(metadata.engine());
        this.queues = new SqlQueueStore(metadata.engine());
        this.consoleSessions = new SqlConsoleSessionStore(metadata.engine());
        this.blobs = blobs;
        this.coordination = new PostgresCoordination(metadata.database());
    }

    public static ClusterBackend open(ClusterSettings settings, Admission admission) throws IOException {
        PostgresMetadataStore metadata = new PostgresMetadataStore(
                PostgresDatabase.open(settings.metadataUrl(), settings.metadataSchema()));
        try {
            admission.admit(metadata.vaults());
            return new ClusterBackend(metadata, ClusterBlobStores.open(settings,
                    new PostgresPublishedBlobs(metadata.database().transactions())));
        } catch (IOException | RuntimeException | Error e) {
            metadata.close();
            throw e;
        }
    }

    /** The identity (JSON) the cluster was first served with, kept in the database for every node. */
    public Optional<String> pinnedIdentity() {
        return metadata.database().transactions().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT identity_json FROM cluster_identity");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** Pins {@code identityJson} unless a node pinned one first; returns the pinned one either way. */
    public String pin(String identityJson) {
        return metadata.database().transactions().inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO cluster_identity (identity_json) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, identityJson);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT identity_json FROM cluster_identity");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
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
    public boolean sharedByNodes() {
        return true;
    }

    @Override
    public Coordination coordination() {
        return coordination;
    }

    /**
     * The database's clock (B14) when the server runs on the system clock; a test's own clock is kept as
     * it is, so the test decides every time (its PostgreSQL runs on the same machine, so the two agree),
     * and {@link DatabaseClock} takes such a clock as its local one where a test wants both.
     */
    @Override
    public Optional<ComplianceClockRow> complianceClockRow() {
        return Optional.of(new PostgresComplianceClockRow(metadata.database()));
    }

    @Override
    public Clock timeSource(Clock requested) {
        return SYSTEM_CLOCK.isInstance(requested) ? new DatabaseClock(metadata.database(), requested) : requested;
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    /** On an S3 bucket, the collector of objects nothing refers to (a directory of files has no such pass). */
    @Override
    public Optional<Runnable> orphanCollection(Clock clock) {
        return blobs instanceof S3BlobStore s3
                ? Optional.of(new OrphanCollector(metadata.database().transactions(), s3, clock, OrphanCollector.BOUND))
                : Optional.empty();
    }

    @Override
    public void close() {
        try {
            if (blobs instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (Exception e) {
            // Closing the object store's client only releases connections; the metadata must still close.
        } finally {
            metadata.close();
        }
    }
}
