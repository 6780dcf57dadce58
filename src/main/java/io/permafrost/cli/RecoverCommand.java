package io.permafrost.cli;

import io.permafrost.store.embedded.MetadataRecovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code recover}: rebuilds lost metadata (vaults, locks, access policies, archives) from the records
 * and manifests kept beside the blobs. Only adds what is missing; exit code 1 if anything was skipped.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = "Rebuild lost metadata from the blob directory: vaults, Vault Locks, access policies and "
                + "archives. Only adds what is missing, never removes; refuses while a server uses DIR.")
final class RecoverCommand implements Callable<Integer> {

    @Option(names = "--data", description = "Data directory (default ./permafrost-data).")
    Path data = ServerConfig.DEFAULT_DATA;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data.resolve("blobs"))) {
            System.err.println("no Permafrost blob directory in " + data.toAbsolutePath());
            return 2;
        }
        MetadataRecovery.Report report = new MetadataRecovery(data, Instant.now(), System.out::println).run();
        WholeLines.printf(System.out, "recovered %d archive(s) (%d already known), %d vault(s) created, %d lock(s) and "
                        + "%d access polic(ies) restored, %d skipped%n", report.archivesRestored(),
                report.archivesAlreadyKnown(), report.vaultsCreated(), report.locksRestored(),
                report.accessPoliciesRestored(), report.problems().size());
        return report.problems().isEmpty() ? 0 : 1;
    }
}
