package io.permafrost.testing;

import io.permafrost.auth.Credential;
import io.permafrost.cli.PermafrostServer;
import io.permafrost.cli.ServerConfig;
import io.permafrost.glacier.Caller;
import io.permafrost.store.cluster.ClusterSettings;
import io.permafrost.store.s3.S3Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.auth.scheme.GlacierAuthSchemeProvider;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real Permafrost server on a free loopback port with a temporary data directory, and AWS SDK v2
 * Glacier clients pointed at it. The default account 111122223333 has root key ROOTKEY.
 */
public final class TestServer implements AutoCloseable {
    public static final String ACCOUNT = "111122223333";
    public static final String ROOT_KEY = "ROOTKEY";
    public static final String ROOT_SECRET = "root-secret";

    /** {@code -Dpermafrost.test.backend=cluster} runs every test server on PostgreSQL (see {@link ThrowawayPostgres}). */
    public static final String BACKEND_PROPERTY = "permafrost.test.backend";

    private final Path dataDir;
    private final MutableClock clock;
    /** Null for the embedded backend; else this server's own fresh schema, shared only with nodes it adds. */
    private final ClusterSettings cluster;
    /** The cluster's own bucket when the run has an object store (else its blobs are files); null when embedded. */
    private final TestBucket bucket;
    private final boolean ownsDataDir;
    private final List<Credential> credentials;
    private final UnaryOperator<ServerConfig> customize;
    private final List<GlacierClient> clients = new ArrayList<>();
    private PermafrostServer server;
    private int port;
    private String scheme = "http";

    public TestServer() throws Exception {
        this(List.of(), c -> c);
    }

    public TestServer(List<Credential> extraCredentials, UnaryOperator<ServerConfig> customize) throws Exception {
        this(Files.createTempDirectory("permafrost-it"), new MutableClock(), extraCredentials, customize,
                clusterRequested() ? TestBucket.createIfConfigured() : null, clusterRequested(), true);
    }

    private TestServer(Path dataDir, MutableClock clock, List<Credential> extraCredentials,
                       UnaryOperator<ServerConfig> customize, TestBucket bucket, boolean cluster, boolean ownsDataDir)
            throws Exception {
        this(dataDir, clock, extraCredentials, customize, cluster ? freshCluster(dataDir, bucket) : null, bucket,
                ownsDataDir);
    }

    private TestServer(Path dataDir, MutableClock clock, List<Credential> extraCredentials,
                       UnaryOperator<ServerConfig> customize, ClusterSettings cluster, TestBucket bucket,
                       boolean ownsDataDir) throws Exception {
        this.dataDir = dataDir;
        this.clock = clock;
        this.credentials = new ArrayList<>(extraCredentials);
        this.credentials.add(Credential.permanent(ROOT_KEY, ROOT_SECRET, Caller.root(ACCOUNT)));
        this.customize = customize;
        this.cluster = cluster;
        this.bucket = bucket;
        this.ownsDataDir = ownsDataDir;
        start(0);
    }

    /**
     * An embedded server on {@code dataDir}, a directory the test chose (a filesystem of its own, say) and
     * removes itself: closing the server leaves it in place.
     */
    public static TestServer embeddedIn(Path dataDir) throws Exception {
        return new TestServer(dataDir, new MutableClock(), List.of(), c -> c, (ClusterSettings) null, null, false);
    }

    /** Whether the run asked for the cluster backend. */
    public static boolean clusterRequested() {
        return "cluster".equals(System.getProperty(BACKEND_PROPERTY, "embedded"));
    }

    /**
     * A schema of its own on the test PostgreSQL, and blobs in its own bucket on the test object store
     * ({@code PERMAFROST_TEST_S3_*}) or, without one, in a directory the nodes share.
     */
    static ClusterSettings freshCluster(Path dataDir, TestBucket bucket) {
        if (bucket == null) {
            return new ClusterSettings(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema(),
                    "file:" + dataDir.resolve("blobs"), null, null, null, null);
        }
        S3Settings s3 = bucket.settings();
        return new ClusterSettings(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema(), "s3://" + s3.bucket(),
                s3.endpoint(), s3.region(), s3.accessKey(), s3.secretKey());
    }

    /**
     * A cluster test server on a fresh schema even when the run is embedded: for the multi-node tests.
     * Skipped (with the reason printed) where no PostgreSQL can be had.
     */
    public static TestServer clusterNode() throws Exception {
        Path dir = Files.createTempDirectory("permafrost-it");
        return new TestServer(dir, new MutableClock(), List.of(), c -> c, TestBucket.createIfConfigured(), true, true);
    }

    /**
     * Another node of this server's cluster: the same database schema, blob store, keys and clock, on a
     * port of its own. Closing it leaves the shared state to this server.
     */
    public TestServer anotherNode() throws Exception {
        if (cluster == null) {
            throw new IllegalStateException("only a cluster test server has other nodes");
        }
        return new TestServer(dataDir, clock, credentials.subList(0, credentials.size() - 1), customize, cluster, bucket,
                false);
    }

    /** This server's storage as an operator command names it (--data, or the cluster flags). */
    public io.permafrost.intake.StorageTarget storageTarget() {
        return new io.permafrost.intake.StorageTarget(dataDir, cluster);
    }

    /**
     * {@code config} on {@code cluster}. Released blobs go at once, as on the embedded backend, so the suite's
     * blob counts mean the same in both lanes; the cluster's default grace (an hour) is DeferredBlobDeletionIT's
     * to test, and a test's own customize still sets any other.
     */
    static ServerConfig onCluster(ServerConfig config, ClusterSettings cluster) {
        return config.withCluster(cluster).withBlobDeletionGrace(java.time.Duration.ZERO);
    }

    public boolean isCluster() {
        return cluster != null;
    }

    /**
     * This server's storage opened a second time beside it, the way {@code scrub} and {@code evidence} open
     * it (embedded: without the data directory lock); for tests that drive those commands' code directly.
     */
    public io.permafrost.store.StorageBackend openStorageBeside() throws java.io.IOException {
        return cluster != null
                ? io.permafrost.store.cluster.ClusterBackend.open(cluster, io.permafrost.store.StorageBackend.Admission.NONE)
                : io.permafrost.store.embedded.EmbeddedBackend.openExisting(dataDir).orElseThrow();
    }

    private void start(int onPort) throws Exception {
        ServerConfig base = ServerConfig.defaults(dataDir, credentials).withPort(onPort);
        if (cluster != null) {
            base = onCluster(base, cluster);
        }
        ServerConfig config = customize.apply(base);
        server = PermafrostServer.start(config, clock);
        port = server.port();
        scheme = config.tls() == null ? "http" : "https";
    }

    /**
     * Stops and starts the server on the same data directory and port. Clients made before keep the
     * dead pooled connection (retries are off), so make new ones after a restart.
     */
    public void restart() throws Exception {
        server.close();
        start(port);
    }

    /**
     * Stops the server, sets the system clock by {@code by} while it is down (an operator, or
     * {@code faketime} for the next start), and starts it again; as {@link #restart()}.
     */
    public void restartWithSystemClockMoved(java.time.Duration by) throws Exception {
        server.close();
        clock.moveSystemClock(by);
        start(port);
    }

    /** Waits until the background part of the start-up sweep has finished (embedded; at once on a cluster). */
    public void awaitStartUpSweep() throws InterruptedException {
        server.awaitStartUpSweep();
    }

    /** Runs the server's periodic maintenance (expiries) now; move {@link #clock()} first. */
    public void runMaintenanceNow() throws Exception {
        server.runMaintenanceNow();
    }

    public MutableClock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** The admin port ({@code /metrics}, {@code /health/*}); -1 unless the config turned it on. */
    public int adminPort() {
        return server.adminPort();
    }

    /**
     * Committed blobs (what archives and parts hold): files outside the blob store's temporary directory, or in
     * cluster mode on S3 every object version of the cluster's bucket; counted once the blobs released so far
     * have been deleted (the server deletes them in the background, after the releasing request returned).
     */
    public long blobFileCount() throws java.io.IOException, InterruptedException {
        server.awaitBlobDeletions();
        return blobFileCountNow();
    }

    /** {@link #blobFileCount()} as it is this instant, with released blobs possibly still being deleted. */
    public long blobFileCountNow() throws java.io.IOException {
        if (bucket != null) {
            return bucket.blobCount();
        }
        Path blobs = dataDir.resolve("blobs");
        Path tmp = blobs.resolve("tmp");
        try (var paths = Files.walk(blobs)) {
            // A blob file is named by its id; manifests (ID.archive, ID.archives/*.archive) and vaults/*.vault are records.
            return paths.filter(Files::isRegularFile).filter(p -> !p.startsWith(tmp))
                    .filter(p -> p.getFileName().toString().indexOf('.') < 0).count() + inlineBlobCount();
        }
    }

    /** Small blobs are kept inside the metadata database rather than as files; they count as stored blobs too. */
    private long inlineBlobCount() throws java.io.IOException {
        if (cluster != null) {
            // The cluster's blob store keeps every blob as an object (here: a file), none inline.
            return 0;
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve("metadata.db").toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM inline_blobs")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            throw new java.io.IOException("cannot count inline blobs", e);
        }
    }

    /**
     * A connection of the test's own to this server's metadata database (its SQLite file, or its cluster's
     * schema): for audit tests that read the chain or make it unwritable behind the server's back.
     */
    public java.sql.Connection metadataConnection() throws java.sql.SQLException {
        if (cluster == null) {
            return java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("metadata.db").toAbsolutePath());
        }
        java.sql.Connection c = java.sql.DriverManager.getConnection(cluster.metadataUrl());
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + cluster.metadataSchema());
        }
        return c;
    }

    /** The {@code audit verify}/{@code export} flags that name this server's metadata (its data dir or its schema). */
    public List<String> auditSourceFlags() {
        return cluster == null ? List.of("--data", dataDir.toString())
                : List.of("--metadata", cluster.metadataUrl(), "--metadata-schema", cluster.metadataSchema());
    }

    /** Signs the audit chain's unsigned tail now instead of waiting for the checkpoint schedule. */
    public void checkpointAuditNow() throws java.io.IOException {
        server.checkpointAuditNow();
    }

    /** Writes in flight or left behind: files in the blob store's temporary directory, or S3 multipart uploads. */
    public long tempBlobFileCount() throws java.io.IOException {
        if (bucket != null) {
            return bucket.inProgressUploadCount();
        }
        try (var paths = Files.list(dataDir.resolve("blobs").resolve("tmp"))) {
            return paths.count();
        }
    }

    public URI endpoint() {
        return URI.create(scheme + "://127.0.0.1:" + port);
    }

    public GlacierClient client() {
        return client(ROOT_KEY, ROOT_SECRET);
    }

    public GlacierClient client(String accessKey, String secret) {
        GlacierClient client = GlacierClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .authSchemeProvider(signingWithServerClock())
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
        clients.add(client);
        return client;
    }

    /**
     * Clients sign with the server's clock, as a client whose clock is in sync would: a test can move
     * time by a year (archive age, lock expiry) without failing the 15-minute signature skew check.
     */
    public GlacierAuthSchemeProvider signingWithServerClock() {
        GlacierAuthSchemeProvider defaults = GlacierAuthSchemeProvider.defaultProvider();
        return params -> defaults.resolveAuthScheme(params).stream()
                .map(option -> option.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build())
                .toList();
    }

    @Override
    public void close() throws Exception {
        clients.forEach(GlacierClient::close);
        server.close();
        if (ownsDataDir) {
            if (bucket != null) {
                bucket.close();
            }
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
