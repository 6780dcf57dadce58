package io.permafrost.testing;

import io.permafrost.cli.ServerConfig;
import io.permafrost.store.cluster.ClusterSettings;

import java.nio.file.Path;

/**
 * The backend the run asked for ({@code -Dpermafrost.test.backend}), for a harness that starts its server
 * itself instead of through {@link TestServer} (the client matrix): nothing where the run is embedded; in
 * a cluster run a fresh schema and, with a test object store, a bucket of its own, deleted on close.
 */
public final class RequestedBackend implements AutoCloseable {
    private final TestBucket bucket;
    private final ClusterSettings cluster;

    private RequestedBackend(TestBucket bucket, ClusterSettings cluster) {
        this.bucket = bucket;
        this.cluster = cluster;
    }

    public static RequestedBackend forDataDir(Path dataDir) {
        if (!TestServer.clusterRequested()) {
            return new RequestedBackend(null, null);
        }
        TestBucket bucket = TestBucket.createIfConfigured();
        return new RequestedBackend(bucket, TestServer.freshCluster(dataDir, bucket));
    }

    /** {@code config} on this backend: unchanged when embedded; on the cluster, as a {@link TestServer} runs it. */
    public ServerConfig applyTo(ServerConfig config) {
        return cluster == null ? config : TestServer.onCluster(config, cluster);
    }

    @Override
    public void close() {
        if (bucket != null) {
            bucket.close();
        }
    }
}
