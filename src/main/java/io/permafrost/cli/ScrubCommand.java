package io.permafrost.cli;

import io.permafrost.store.StorageBackend;
import io.permafrost.vault.ArchiveScrubber;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code scrub}: re-verifies every archive at rest against its tree hashes; exit code 1 if any is damaged. */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Re-verify every stored archive against its SHA-256 tree hashes; keeps each one's result for evidence.")
final class ScrubCommand implements Callable<Integer> {

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() throws Exception {
        return storage.withReadOnly((opened, cluster) -> scrub(opened, SavedComplianceClock.of(opened, storage.dataDir())));
    }

    /** Each archive's result is kept (dated on {@code complianceClock}) for {@code evidence}. */
    private static int scrub(StorageBackend storage, Clock complianceClock) {
        ArchiveScrubber scrubber = new ArchiveScrubber(storage.metadata(), storage.blobs(), complianceClock);
        ArchiveScrubber.Report report = scrubber.scrub(damage -> WholeLines.printf(System.out, "DAMAGED %s/%s %s: %s%n",
                damage.accountId(), damage.vaultName(), damage.archiveId(), damage.problem()));
        WholeLines.printf(System.out, "scrubbed %d archives, %d bytes: %d damaged%n", report.archives(), report.bytes(),
                report.damaged().size());
        return report.damaged().isEmpty() ? 0 : 1;
    }
}
