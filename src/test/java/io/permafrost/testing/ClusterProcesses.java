package io.permafrost.testing;

import io.permafrost.store.s3.S3Settings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cluster of real node processes ({@code permafrost serve} with the cluster flags, each its own JVM, so a
 * test can kill one with SIGKILL) on a fresh PostgreSQL schema and a fresh Object Lock bucket of the test
 * object store. Skips the test, saying why, without PostgreSQL or an object store.
 */
public final class ClusterProcesses implements AutoCloseable {
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    private final String metadataUrl;
    private final TestBucket bucket;
    private final Path dataRoot;
    private final List<ServerProcess> nodes = new ArrayList<>();

    public ClusterProcesses() throws IOException {
        TestObjectStore.settingsOrSkip();
        String schema = ThrowawayPostgres.freshSchema();
        String url = ThrowawayPostgres.url();
        this.metadataUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        this.bucket = TestBucket.createIfConfigured();
        this.dataRoot = Files.createTempDirectory("permafrost-cluster-nodes");
    }

    /** Starts one more node and waits until it serves. */
    public ServerProcess startNode() throws IOException, InterruptedException {
        return startNode(bucket.settings().endpoint());
    }

    /** Starts one more node that reaches the object store through {@code s3Endpoint} (a proxy, say). */
    public ServerProcess startNode(URI s3Endpoint) throws IOException, InterruptedException {
        S3Settings s3 = bucket.settings();
        Path dataDir = Files.createDirectories(dataRoot.resolve("node-" + nodes.size()));
        ServerProcess node = ServerProcess.start(dataDir, List.of("--metadata", metadataUrl,
                        "--blobs", "s3://" + s3.bucket(), "--s3-endpoint", s3Endpoint.toString(), "--s3-region", s3.region()),
                Map.of("PERMAFROST_S3_ACCESS_KEY_ID", s3.accessKey(), "PERMAFROST_S3_SECRET_ACCESS_KEY", s3.secretKey()),
                "256m", QUICK_START);
        nodes.add(node);
        return node;
    }

    /** The object store's endpoint the nodes use unless told otherwise. */
    public URI objectStoreEndpoint() {
        return bucket.settings().endpoint();
    }

    /** A connection to the cluster's schema, for a test that looks at claims and leases. */
    public Connection database() throws SQLException {
        return DriverManager.getConnection(metadataUrl);
    }

    @Override
    public void close() throws Exception {
        for (ServerProcess node : nodes) {
            node.close();
        }
        bucket.close();
        ServerProcess.deleteRecursively(dataRoot);
    }
}
