package io.permafrost.cli;

import io.permafrost.store.embedded.EmbeddedBlobStore;
import io.permafrost.store.embedded.FileBlobStore;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.vault.ArchiveScrubber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code scrub}: re-verifies every archive at rest against its tree hashes; exit code 1 if any is damaged. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Re-verify every stored archive against its SHA-256 tree hashes (read-only).")
final class ScrubCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Data directory (default ./permafrost-data).")
    Path data = ServerConfig.DEFAULT_DATA;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(data.resolve("metadata.db"))) {
            System.err.println("no Permafrost data in " + data.toAbsolutePath());
            return 2;
        }
        try (SqliteMetadataStore metadata = new SqliteMetadataStore(data.resolve("metadata.db"))) {
            ArchiveScrubber scrubber = new ArchiveScrubber(metadata,
                    new EmbeddedBlobStore(metadata, new FileBlobStore(data.resolve("blobs"))));
            ArchiveScrubber.Report report = scrubber.scrub(damage -> System.out.printf("DAMAGED %s/%s %s: %s%n",
                    damage.accountId(), damage.vaultName(), damage.archiveId(), damage.problem()));
            System.out.printf("scrubbed %d archives, %d bytes: %d damaged%n", report.archives(), report.bytes(),
                    report.damaged().size());
            return report.damaged().isEmpty() ? 0 : 1;
        }
    }
}
