package io.permafrost.testing;

import io.permafrost.auth.Credential;
import io.permafrost.cli.PermafrostServer;
import io.permafrost.cli.ServerConfig;
import io.permafrost.glacier.Caller;
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

    private final Path dataDir;
    private final MutableClock clock;
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
        this.dataDir = Files.createTempDirectory("permafrost-it");
        this.clock = new MutableClock();
        this.credentials = new ArrayList<>(extraCredentials);
        this.credentials.add(Credential.permanent(ROOT_KEY, ROOT_SECRET, Caller.root(ACCOUNT)));
        this.customize = customize;
        start(0);
    }

    private void start(int onPort) throws Exception {
        ServerConfig config = customize.apply(ServerConfig.defaults(dataDir, credentials).withPort(onPort));
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

    /** Committed blob files (what archives and parts hold); the blob store's temporary directory is not counted. */
    public long blobFileCount() throws java.io.IOException {
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
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve("metadata.db").toAbsolutePath());
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM inline_blobs")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            throw new java.io.IOException("cannot count inline blobs", e);
        }
    }

    /** Files in the blob store's temporary directory: writes in flight or left behind. */
    public long tempBlobFileCount() throws java.io.IOException {
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
        deleteRecursively(dataDir);
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
