package io.permafrost.intake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A destination that fills up or goes away stops an import cleanly; the next run carries on from there. */
class VaultImportTest {
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    /** Holds what was imported; refuses with {@code refusal} while it is set. */
    private static final class Destination implements ArchiveIntake {
        final Map<String, String> held = new HashMap<>();
        final List<String> attempts = new ArrayList<>();
        IntakeRefused.Reason refusal;
        VaultSettings settings;

        @Override
        public void ensureVault(String accountId, String vaultName) {
        }

        @Override
        public boolean contains(String accountId, String vaultName, String archiveId) {
            return held.containsKey(archiveId);
        }

        @Override
        public Optional<String> storedTreeHash(String accountId, String vaultName, String archiveId) {
            return Optional.ofNullable(held.get(archiveId));
        }

        @Override
        public void importArchive(String accountId, String vaultName, ImportedArchive archive, InputStream body) {
            attempts.add(archive.archiveId());
            if (refusal != null) {
                throw new IntakeRefused(refusal, "refused for the test");
            }
            held.put(archive.archiveId(), archive.treeHash());
        }

        @Override
        public Optional<String> applySettings(String accountId, String vaultName, VaultSettings vaultSettings) {
            settings = vaultSettings;
            return Optional.ofNullable(vaultSettings.lockPolicyJson()).map(p -> "LOCKID");
        }

        @Override
        public String defaultAccount() {
            return "123456789012";
        }

        @Override
        public void close() {
        }
    }

    private static Path export(Path dir, String... ids) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(ExportManifest.headerLine(new ExportManifest.Header("111122223333", "v", Instant.EPOCH, "{}", "Locked",
                null, Map.of(), null)));
        for (String id : ids) {
            String file = ExportManifest.fileNameOf(id);
            lines.add(ExportManifest.entryLine(new ExportManifest.Entry(new ImportedArchive(id, null, Instant.EPOCH, 1,
                    id.equals("second") ? HASH_B : HASH_A), file)));
            Files.createDirectories(dir.resolve(file).getParent());
            Files.writeString(dir.resolve(file), "x");
        }
        Files.write(dir.resolve(ExportManifest.NAME), lines, StandardCharsets.UTF_8);
        return dir;
    }

    private static VaultImport.Report run(Destination destination, Path dir) throws IOException {
        try (ExportSource source = ExportSource.directory(dir)) {
            return new VaultImport(destination).run(source, "111122223333", "v", f -> { });
        }
    }

    @Test
    void aFullDestinationStopsTheRunAtThatArchiveAndTheNextRunResumes(@TempDir Path dir) throws Exception {
        export(dir, "first", "second", "third");
        Destination destination = new Destination();
        destination.held.put("first", HASH_A);
        destination.refusal = IntakeRefused.Reason.STORE_FULL;

        VaultImport.Report stopped = run(destination, dir);
        assertThat(stopped.stoppedBy()).startsWith("STORE_FULL");
        assertThat(stopped.complete()).isFalse();
        // Stopped at the first archive it could not place: the third was never tried, no settings applied.
        assertThat(destination.attempts).containsExactly("second");
        assertThat(destination.settings).isNull();

        destination.refusal = null;
        VaultImport.Report resumed = run(destination, dir);
        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.imported()).isEqualTo(2);
        assertThat(resumed.alreadyPresent()).isEqualTo(1);
        assertThat(resumed.lockId()).contains("LOCKID");
        assertThat(destination.held).containsOnlyKeys("first", "second", "third");
    }

    @Test
    void aRefusedArchiveIsListedAndTheOthersStillGoIn(@TempDir Path dir) throws Exception {
        export(dir, "first", "second");
        Destination destination = new Destination();
        destination.held.put("second", HASH_A);
        VaultImport.Report report = run(destination, dir);
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.archiveId()).isEqualTo("second");
            assertThat(f.reason()).isEqualTo("CONFLICT");
        });
        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.complete()).isFalse();
    }
}
