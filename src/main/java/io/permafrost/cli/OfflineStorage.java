package io.permafrost.cli;

import io.permafrost.store.StorageBackend;
import io.permafrost.store.cluster.ClusterBackend;
import io.permafrost.store.cluster.ClusterSettings;
import io.permafrost.store.embedded.EmbeddedBackend;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The storage flags of the commands that work on a server's stored state beside it (or without it):
 * {@code scrub} and {@code evidence}. Embedded: {@code --data}, opened without the data directory lock;
 * cluster: {@code --metadata} and the blob store flags, the object store's keys from the environment.
 */
final class OfflineStorage {

    /** What a command does with the opened storage; returns its exit code. */
    interface Work {
        int run(StorageBackend storage, boolean cluster) throws Exception;
    }

    @Option(names = "--data", description = "Data directory (default ./permafrost-data).")
    Path data = ServerConfig.DEFAULT_DATA;

    @Option(names = "--metadata", description = "Cluster mode: JDBC URL of the PostgreSQL metadata database.")
    String metadata;

    @Option(names = "--blobs", description = "Cluster mode: the shared blob store, s3://BUCKET or file:DIR.")
    String blobs;

    @Option(names = "--s3-endpoint", description = "Cluster mode: the S3 endpoint URL.")
    String s3Endpoint;

    @Option(names = "--s3-region", description = "Cluster mode: the S3 region (default us-east-1).")
    String s3Region;

    /** Opens the storage the flags name, runs {@code work} on it and closes it; 2 when there is no data. */
    int with(Work work) throws Exception {
        ClusterSettings cluster = new ClusterOptions(metadata, blobs, s3Endpoint, s3Region).resolve(null, System.getenv());
        if (cluster != null) {
            try (StorageBackend storage = ClusterBackend.open(cluster, StorageBackend.Admission.NONE)) {
                return work.run(storage, true);
            }
        }
        Optional<EmbeddedBackend> existing = EmbeddedBackend.openExisting(data);
        if (existing.isEmpty()) {
            System.err.println("no Permafrost data in " + data.toAbsolutePath());
            return 2;
        }
        try (StorageBackend storage = existing.get()) {
            return work.run(storage, false);
        }
    }
}
