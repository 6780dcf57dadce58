package io.permafrost.cli;

import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.ExportSource;
import io.permafrost.intake.IntakeRefused;
import io.permafrost.intake.VaultImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code import}: an export into a vault of this storage, beside its running server or without one
 * (docs/migration.md). Exit code 0 only when every archive of the export is in place and verified;
 * 1 when some are not (listed); 3 when the destination was full or away (run it again to resume).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an export (directory, FILE.tar or - for a tar on standard input) into a vault, "
                + "keeping archive ids, creation dates and descriptions; every tree hash is verified.")
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--vault", required = true, description = "The destination vault (created if missing).")
    String vault;

    @Option(names = "--account", description = "The destination account (default: the server's only account, "
            + "else PERMAFROST_ACCOUNT_ID, else 123456789012).")
    String account;

    @Option(names = "--in", required = true, description = "An export directory, FILE.tar, or - for a tar stream on standard input.")
    String in;

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() throws Exception {
        try (ExportSource source = source(); ArchiveIntake intake = ArchiveIntakes.open(storage.target())) {
            String destination = account != null ? account : intake.defaultAccount();
            VaultImport.Report report = new VaultImport(intake).run(source, destination, vault,
                    failure -> WholeLines.printf(System.out, "FAILED %s: %s %s%n", failure.archiveId() == null ? "-"
                            : failure.archiveId(), failure.reason(), failure.message()));
            WholeLines.printf(System.out, "imported %d archive(s) into %s/%s, %d already there, %d failed%n", report.imported(),
                    destination, vault, report.alreadyPresent(), report.failures().size());
            report.lockId().ifPresent(lockId -> WholeLines.printf(System.out, "the export's %s lock policy is re-created as an "
                    + "InProgress lock, lock id %s: review it, then complete it with complete-vault-lock (it is never "
                    + "completed for you; it expires like any InProgress lock)%n", lockState(report), lockId));
            if (report.lockId().isPresent() && !(report.source().vault().equals(vault)
                    && report.source().account().equals(destination))) {
                // Only a Resource that is exactly the source vault's ARN is rewritten; anything else is the operator's to judge.
                WholeLines.printf(System.out, "NOTE: the lock policy was written for vault %s of account %s; where its Resource "
                        + "was exactly that vault's ARN it now names %s/%s: review it before completing (or abort it "
                        + "and initiate your own)%n", report.source().vault(), report.source().account(), destination,
                        vault);
            }
            if (report.settingsProblem() != null) {
                System.out.println("SETTINGS NOT APPLIED: " + report.settingsProblem());
            }
            if (report.stoppedBy() != null) {
                System.out.println("STOPPED: " + report.stoppedBy() + "; nothing is half-imported: run the same "
                        + "command again to resume");
                return 3;
            }
            return report.complete() ? 0 : 1;
        } catch (IntakeRefused e) {
            System.err.println("import: " + e.getMessage());
            return 3;
        } catch (IOException e) {
            System.err.println("import: " + e.getMessage());
            return 2;
        }
    }

    private static String lockState(VaultImport.Report report) {
        return report.source().lockState() == null ? "" : report.source().lockState();
    }

    private ExportSource source() throws IOException {
        if (in.equals("-")) {
            return ExportSource.tar(System.in);
        }
        Path path = Path.of(in);
        if (Files.isDirectory(path)) {
            return ExportSource.directory(path);
        }
        return ExportSource.tar(Files.newInputStream(path));
    }
}
