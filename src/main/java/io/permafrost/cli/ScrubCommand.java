package io.permafrost.cli;

import io.permafrost.store.StorageBackend;
import io.permafrost.store.cluster.ClusterBackend;
import io.permafrost.store.cluster.ClusterSettings;
import io.permafrost.store.embedded.EmbeddedBackend;
import io.permafrost.vault.ArchiveScrubber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code scrub}: re-verifies every archive at rest against its tree hashes; exit code 1 if any is damaged. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Re-verify every stored archive against its SHA-256 tree hashes; keeps each one's result for evidence.")
final class ScrubCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws Exception {
        ClusterSettings cluster = new ClusterOptions(metadata, blobs, s3Endpoint, s3Region).resolve(null, System.getenv());
        if (cluster != null) {
            try (StorageBackend storage = ClusterBackend.open(cluster, StorageBackend.Admission.NONE)) {
                return scrub(storage, SavedComplianceClock.of(storage, data));
            }
        }
        java.util.Optional<EmbeddedBackend> existing = EmbeddedBackend.openExisting(data);
        if (existing.isEmpty()) {
            System.err.println("no Permafrost data in " + data.toAbsolutePath());
            return 2;
        }
        try (StorageBackend storage = existing.get()) {
            return scrub(storage, SavedComplianceClock.of(storage, data));
        }
    }

    /** Each archive's result is kept (dated on {@code complianceClock}) for {@code evidence}. */
    private static int scrub(StorageBackend storage, Clock complianceClock) {
        ArchiveScrubber scrubber = new ArchiveScrubber(storage.metadata(), storage.blobs(), complianceClock);
        ArchiveScrubber.Report report = scrubber.scrub(damage -> System.out.printf("DAMAGED %s/%s %s: %s%n",
                damage.accountId(), damage.vaultName(), damage.archiveId(), damage.problem()));
        System.out.printf("scrubbed %d archives, %d bytes: %d damaged%n", report.archives(), report.bytes(),
                report.damaged().size());
        return report.damaged().isEmpty() ? 0 : 1;
    }
}
