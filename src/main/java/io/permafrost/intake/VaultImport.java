package io.permafrost.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code permafrost import}: an export into a vault through an {@link ArchiveIntake}, which verifies each
 * archive's size and tree hash before committing it. Resumable: an id already in the vault with the same
 * tree hash is counted as done, one with another hash is a conflict. A destination that is full or away
 * stops the run cleanly (nothing half-imported); running it again carries on. The vault's settings come
 * last, so that a re-created InProgress lock's expiry starts once the archives are in.
 */
public final class VaultImport {
    private final ArchiveIntake intake;

    public VaultImport(ArchiveIntake intake) {
        this.intake = intake;
    }

    /** One archive that is not in place, and why (an IntakeRefused reason, CONFLICT, MISSING or MANIFEST). */
    public record Failure(String archiveId, String reason, String message) {
    }

    /**
     * @param stoppedBy      why the run stopped before the end (the destination full or away), else null
     * @param lockId         the InProgress lock re-created from the export's lock, if any
     * @param settingsProblem why the settings were not (all) applied, else null
     */
    public record Report(ExportManifest.Header source, long imported, long alreadyPresent, List<Failure> failures,
                         String stoppedBy, Optional<String> lockId, String settingsProblem) {
        public boolean complete() {
            return failures.isEmpty() && stoppedBy == null && settingsProblem == null;
        }
    }

    public Report run(ExportSource source, String account, String vault, Consumer<Failure> onFailure) throws IOException {
        List<Failure> failures = new ArrayList<>();
        long imported = 0;
        long present = 0;
        try (BufferedReader lines = Files.newBufferedReader(source.manifest(), StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            if (first == null) {
                throw new IOException(ExportManifest.NAME + " is empty");
            }
            ExportManifest.Header header = ExportManifest.header(first);
            try {
                intake.ensureVault(account, vault);
            } catch (IntakeRefused e) {
                return new Report(header, 0, 0, failures, e.reason() + ": " + e.getMessage(), Optional.empty(), null);
            }
            long lineNumber = 1;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Failure failure;
                try {
                    ExportManifest.Entry entry = ExportManifest.entry(line);
                    failure = place(source, account, vault, entry);
                    if (failure == null) {
                        imported++;
                        continue;
                    }
                    if (failure.reason().equals("PRESENT")) {
                        present++;
                        continue;
                    }
                } catch (IntakeRefused e) {
                    return new Report(header, imported, present, failures, e.reason() + ": " + e.getMessage(),
                            Optional.empty(), null);
                } catch (IOException e) {
                    failure = new Failure(null, "MANIFEST", "line " + lineNumber + ": " + e.getMessage());
                }
                failures.add(failure);
                onFailure.accept(failure);
            }
            return withSettings(header, account, vault, imported, present, failures);
        }
    }

    /** Null when imported; PRESENT when an earlier run did it; else the failure. Throws IntakeRefused to stop the run. */
    private Failure place(ExportSource source, String account, String vault, ExportManifest.Entry entry) throws IOException {
        ImportedArchive archive = entry.archive();
        Optional<String> stored = intake.storedTreeHash(account, vault, archive.archiveId());
        if (stored.isPresent()) {
            return stored.get().equalsIgnoreCase(archive.treeHash())
                    ? new Failure(archive.archiveId(), "PRESENT", "already imported")
                    : new Failure(archive.archiveId(), "CONFLICT", "the vault holds this id with tree hash "
                    + stored.get() + ", the export says " + archive.treeHash());
        }
        Optional<InputStream> body = source.open(entry.file());
        if (body.isEmpty()) {
            return new Failure(archive.archiveId(), "MISSING", "the export has no file " + entry.file());
        }
        try {
            intake.importArchive(account, vault, archive, body.get());
            return null;
        } catch (IntakeRefused e) {
            if (e.retryable()) {
                throw e;
            }
            return new Failure(archive.archiveId(), e.reason().name(), e.getMessage());
        }
    }

    private Report withSettings(ExportManifest.Header header, String account, String vault, long imported, long present,
                                List<Failure> failures) {
        try {
            Optional<String> lockId = intake.applySettings(account, vault, header.settings());
            return new Report(header, imported, present, failures, null, lockId, null);
        } catch (IntakeRefused e) {
            if (e.retryable()) {
                return new Report(header, imported, present, failures, e.reason() + ": " + e.getMessage(),
                        Optional.empty(), null);
            }
            return new Report(header, imported, present, failures, null, Optional.empty(),
                    e.reason() + ": " + e.getMessage());
        }
    }
}
