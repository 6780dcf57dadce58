package io.permafrost.cli;

import io.permafrost.auth.Credential;
import io.permafrost.http.TlsSettings;
import io.permafrost.store.cluster.ClusterSettings;
import io.permafrost.notify.NotificationTargets;
import io.permafrost.vault.BlobDeletionPace;
import io.permafrost.vault.InventorySettings;
import io.permafrost.vault.JobSettings;
import io.permafrost.vault.RetrievalSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Everything a server needs to start, after the config file, environment and flags were merged
 * (flags win over environment, environment over the file). Defaults are AWS's values.
 */
public record ServerConfig(String host, int port, Path dataDir, String region, List<Credential> credentials,
                           Set<String> accounts,
                           Duration lockExpiry, Duration clockSkew, Duration requestIdleTimeout,
                           int maxVaultsPerAccount, int httpThreads, JobSettings jobs,
                           RetrievalSettings retrieval, NotificationTargets notifications,
                           InventorySettings inventory, TlsSettings tls, OperationsSettings operations,
                           ClusterSettings cluster, Duration blobDeletionGrace, BlobDeletionPace blobDeletionPace,
                           AuditSettings audit) {

    public static final int DEFAULT_PORT = 8700;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_REGION = "us-east-1";
    /** Relative to the working directory. */
    public static final String DEFAULT_DATA_NAME = "permafrost-data";
    public static final Path DEFAULT_DATA = Path.of(DEFAULT_DATA_NAME);
    /**
     * How long a released blob is kept before it is deleted where the blob store needs it (an object
     * store: a deleted object stops being readable by the downloads that were reading it): longer than
     * any transfer that may still read it, docs/cluster.md. The embedded store needs none (an open file
     * survives its unlink, an inline blob is read whole) and a grace there would let {@code recover}
     * bring a just-deleted archive back from its blob, so its default is zero.
     */
    public static final Duration DEFAULT_CLUSTER_BLOB_DELETION_GRACE = Duration.ofHours(1);
    public static final Duration DEFAULT_EMBEDDED_BLOB_DELETION_GRACE = Duration.ZERO;

    /**
     * @param accounts every account this server knows: those of {@code credentials} plus those
     *                 configured without keys (their vaults stay reachable through access policies);
     *                 a start is refused while an account that owns vaults is missing from it
     * @param cluster  where a cluster node keeps its state (PostgreSQL + shared blobs); null for the
     *                 embedded store in {@code dataDir}
     */
    public ServerConfig {
        credentials = List.copyOf(credentials);
        Set<String> known = new TreeSet<>(accounts);
        credentials.forEach(credential -> known.add(credential.caller().accountId()));
        accounts = Collections.unmodifiableSet(known);
    }

    /** A config with every default, for the given data directory and keys. */
    public static ServerConfig defaults(Path dataDir, List<Credential> credentials) {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, dataDir, DEFAULT_REGION, credentials, Set.of(),
                Duration.ofHours(24), Duration.ofMinutes(15), Duration.ofSeconds(60), 1000, 200,
                JobSettings.defaults(), RetrievalSettings.defaults(), NotificationTargets.none(),
                InventorySettings.defaults(), null, OperationsSettings.off(), null, null, BlobDeletionPace.DEFAULT,
                AuditSettings.defaults());
    }

    /** Serve as a cluster node on the given shared state instead of the embedded store. */
    public ServerConfig withCluster(ClusterSettings settings) {
        return edit(b -> b.cluster = settings);
    }

    public ServerConfig withPort(int newPort) {
        return edit(b -> b.port = newPort);
    }

    public ServerConfig withRegion(String newRegion) {
        return edit(b -> b.region = newRegion);
    }

    public ServerConfig withLockExpiry(Duration expiry) {
        return edit(b -> b.lockExpiry = expiry);
    }

    public ServerConfig withJobs(JobSettings jobSettings) {
        return edit(b -> b.jobs = jobSettings);
    }

    public ServerConfig withRetrieval(RetrievalSettings settings) {
        return edit(b -> b.retrieval = settings);
    }

    /** Topic ARN -> HTTP(S) endpoints for job-completion notifications, and their retry schedule. */
    public ServerConfig withNotificationTargets(NotificationTargets targets) {
        return edit(b -> b.notifications = targets);
    }

    /** Serve HTTPS with this key store instead of plain HTTP. */
    public ServerConfig withTls(TlsSettings settings) {
        return edit(b -> b.tls = settings);
    }

    /** Inventory freshness: per job (default) or snapshots on a schedule, like AWS's daily inventory. */
    public ServerConfig withInventory(InventorySettings settings) {
        return edit(b -> b.inventory = settings);
    }

    /** Admin port and access log (both off by default). */
    public ServerConfig withOperations(OperationsSettings settings) {
        return edit(b -> b.operations = settings);
    }

    /**
     * The grace a released blob gets before deletion: the configured one, else the backend's default
     * (an hour on an object store, none on the embedded files).
     */
    public Duration effectiveBlobDeletionGrace() {
        if (blobDeletionGrace != null) {
            return blobDeletionGrace;
        }
        return cluster != null ? DEFAULT_CLUSTER_BLOB_DELETION_GRACE : DEFAULT_EMBEDDED_BLOB_DELETION_GRACE;
    }

    /**
     * How long released blobs are kept before deletion (null: the backend's default); zero deletes them
     * right after the releasing commit.
     */
    public ServerConfig withBlobDeletionGrace(Duration grace) {
        return edit(b -> b.blobDeletionGrace = grace);
    }

    /** How fast released blobs are deleted in the background (batch, pause between batches). */
    public ServerConfig withBlobDeletionPace(BlobDeletionPace pace) {
        return edit(b -> b.blobDeletionPace = pace);
    }

    /** The audit trail's settings (on by default). */
    public ServerConfig withAudit(AuditSettings settings) {
        return edit(b -> b.audit = settings);
    }

    private ServerConfig edit(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy, so that each wither names only what it changes. */
    private static final class Copy {
        private final String host;
        private int port;
        private final Path dataDir;
        private String region;
        private final List<Credential> credentials;
        private final Set<String> accounts;
        private Duration lockExpiry;
        private final Duration clockSkew;
        private final Duration requestIdleTimeout;
        private final int maxVaultsPerAccount;
        private final int httpThreads;
        private JobSettings jobs;
        private RetrievalSettings retrieval;
        private NotificationTargets notifications;
        private InventorySettings inventory;
        private TlsSettings tls;
        private OperationsSettings operations;
        private Duration blobDeletionGrace;
        private BlobDeletionPace blobDeletionPace;
        private ClusterSettings cluster;
        private AuditSettings audit;

        Copy(ServerConfig c) {
            host = c.host;
            port = c.port;
            dataDir = c.dataDir;
            region = c.region;
            credentials = c.credentials;
            accounts = c.accounts;
            lockExpiry = c.lockExpiry;
            clockSkew = c.clockSkew;
            requestIdleTimeout = c.requestIdleTimeout;
            maxVaultsPerAccount = c.maxVaultsPerAccount;
            httpThreads = c.httpThreads;
            jobs = c.jobs;
            retrieval = c.retrieval;
            notifications = c.notifications;
            inventory = c.inventory;
            tls = c.tls;
            operations = c.operations;
            blobDeletionGrace = c.blobDeletionGrace;
            blobDeletionPace = c.blobDeletionPace;
            cluster = c.cluster;
            audit = c.audit;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, dataDir, region, credentials, accounts, lockExpiry, clockSkew,
                    requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, retrieval, notifications, inventory,
                    tls, operations, cluster, blobDeletionGrace, blobDeletionPace, audit);
        }
    }
}
