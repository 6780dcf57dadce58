package io.permafrost.cli;

import io.permafrost.intake.ExportSink;
import io.permafrost.intake.VaultExport;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.VaultRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code export}: one vault to a directory or a tar stream (docs/migration.md). Read-only, so it runs beside
 * a server on the same storage. Exit code 0 only when every archive is in the export and verified.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a vault (archives, manifest.jsonl, settings and lock) to a directory or a tar stream.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--vault", required = true, description = "The vault to export.")
    String vault;

    @Option(names = "--account", description = "The vault's account (default: the only account with a vault of that name).")
    String account;

    @Option(names = "--out", required = true, description = "A new or empty directory, FILE.tar, or - for a tar stream on standard output.")
    String out;

    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() throws Exception {
        return storage.withReadOnly((backend, cluster) -> export(backend));
    }

    private int export(StorageBackend backend) throws java.io.IOException {
        boolean toStdout = out.equals("-");
        // With the tar on standard output, the report goes to standard error.
        PrintStream report = toStdout ? System.err : System.out;
        Optional<VaultRecord> found = vault(backend);
        if (found.isEmpty()) {
            return 2;
        }
        VaultExport.Report result;
        try (ExportSink sink = sink(toStdout)) {
            result = new VaultExport(backend.metadata(), backend.blobs()).export(found.get(), Instant.now(), sink,
                    failure -> WholeLines.printf(report, "FAILED %s: %s%n", failure.archiveId(), failure.problem()));
        }
        WholeLines.printf(report, "exported %d archive(s), %d bytes of vault %s/%s to %s%s: %d failed%n", result.archives(),
                result.bytes(), found.get().accountId(), found.get().name(), toStdout ? "standard output" : out,
                result.lockState() == null ? "" : " with its " + result.lockState() + " lock policy",
                result.failures().size());
        return result.failures().isEmpty() ? 0 : 1;
    }

    private ExportSink sink(boolean toStdout) throws java.io.IOException {
        if (toStdout) {
            return ExportSink.tar(System.out);
        }
        if (out.endsWith(".tar")) {
            return ExportSink.tar(new FileOutputStream(out));
        }
        return ExportSink.directory(Path.of(out));
    }

    private Optional<VaultRecord> vault(StorageBackend backend) {
        if (account != null) {
            Optional<VaultRecord> named = backend.metadata().vaults().find(account, vault);
            if (named.isEmpty()) {
                System.err.println("no vault " + vault + " in account " + account);
            }
            return named;
        }
        List<VaultRecord> candidates = backend.metadata().vaults().all().stream()
                .filter(v -> v.name().equals(vault)).toList();
        if (candidates.size() != 1) {
            System.err.println(candidates.isEmpty() ? "no vault " + vault
                    : candidates.size() + " accounts have a vault " + vault + ": name one with --account");
            return Optional.empty();
        }
        return Optional.of(candidates.get(0));
    }
}
