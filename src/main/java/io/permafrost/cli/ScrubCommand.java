package io.permafrost.cli;

import io.permafrost.store.StorageBackend;
import io.permafrost.vault.ArchiveScrubber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code scrub}: re-verifies every archive at rest against its tree hashes; exit code 1 if any is damaged. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Re-verify every stored archive against its SHA-256 tree hashes (read-only).")
final class ScrubCommand implements Callable<Integer> {

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() throws Exception {
        java.util.Optional<StorageBackend> opened = ReadOnlyStorage.open(storage.target());
        if (opened.isEmpty()) {
            System.err.println("no Permafrost data in " + storage.target().dataDir().toAbsolutePath());
            return 2;
        }
        try (StorageBackend backend = opened.get()) {
            return scrub(backend);
        }
    }

    private static int scrub(StorageBackend storage) {
        ArchiveScrubber scrubber = new ArchiveScrubber(storage.metadata(), storage.blobs());
        ArchiveScrubber.Report report = scrubber.scrub(damage -> System.out.printf("DAMAGED %s/%s %s: %s%n",
                damage.accountId(), damage.vaultName(), damage.archiveId(), damage.problem()));
        System.out.printf("scrubbed %d archives, %d bytes: %d damaged%n", report.archives(), report.bytes(),
                report.damaged().size());
        return report.damaged().isEmpty() ? 0 : 1;
    }
}
