package io.permafrost.evidence;

import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundle of a vault of 100,000 archives, each with a 600-character description, is written and verified
 * by the real commands in JVMs of 64 MiB: the bundle (over 80 MiB) could not be held in such a heap, so a
 * writer or verifier that collected the archive list ends with an OutOfMemoryError and fails the test.
 */
@EmbeddedOnly("seeds a data directory's SQLite file directly")
class LargeVaultEvidenceIT {
    private static final int ARCHIVES = 100_000;

    @TempDir
    Path data;

    @Test
    void aVaultFarLargerThanTheHeapIsBundledAndVerified() throws Exception {
        seed();
        Path bundle = data.resolve("big.json");

        Run cut = run("evidence", "--data", data.toString(), "--vault", "big", "--out", bundle.toString());
        assertThat(cut.exit()).as(cut.output()).isZero();
        assertThat(Files.size(bundle)).isGreaterThan(80L << 20);
        Run verify = run("evidence", "verify", bundle.toString(), "--public-key",
                data.resolve("audit-signing-key.pub").toString());

        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("VALID", ARCHIVES + " archives");
    }

    /** One vault of {@link #ARCHIVES} archives with scrub results, written in one transaction (the store's inserts would fsync each). */
    private void seed() throws Exception {
        Path file = data.resolve("metadata.db");
        long vaultId;
        try (SqliteMetadataStore store = new SqliteMetadataStore(file)) {
            vaultId = store.vaults().createIfAbsent("111122223333", "big", Instant.parse("2026-01-01T00:00:00Z"), 10)
                    .orElseThrow().id();
        }
        String description = "d".repeat(600);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (PreparedStatement archive = c.prepareStatement("INSERT INTO archives "
                    + "(id, vault_id, description, size, tree_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement scrub = c.prepareStatement("INSERT INTO scrub_results "
                         + "(archive_id, scrubbed_at, result, hash) VALUES (?, ?, 'OK', ?)")) {
                for (int i = 0; i < ARCHIVES; i++) {
                    String id = String.format("archive-%08d", i);
                    String hash = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putInt(i).array());
                    archive.setString(1, id);
                    archive.setLong(2, vaultId);
                    archive.setString(3, description);
                    archive.setLong(4, i + 1);
                    archive.setString(5, hash);
                    archive.setLong(6, 1_767_225_600_000L + i);
                    archive.addBatch();
                    scrub.setString(1, id);
                    scrub.setLong(2, 1_767_225_600_000L + i);
                    scrub.setString(3, hash);
                    scrub.addBatch();
                    if (i % 5000 == 4999) {
                        archive.executeBatch();
                        scrub.executeBatch();
                    }
                }
            }
            try (PreparedStatement counts = c.prepareStatement(
                    "UPDATE vaults SET archive_count = ?, size_bytes = ? WHERE id = ?")) {
                counts.setLong(1, ARCHIVES);
                counts.setLong(2, (long) ARCHIVES * (ARCHIVES + 1) / 2);
                counts.setLong(3, vaultId);
                counts.executeUpdate();
            }
            c.commit();
        }
    }

    private record Run(int exit, String output) {
    }

    private Run run(String... args) throws Exception {
        Path output = Files.createTempFile(data, "run", ".out");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", ServerProcess.testClassPath(),
                "io.permafrost.cli.Main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        int exit = process.waitFor();
        return new Run(exit, Files.readString(output, StandardCharsets.UTF_8));
    }
}
