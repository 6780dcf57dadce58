package io.permafrost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.cli.Main;
import io.permafrost.intake.ArchiveIntake;
import io.permafrost.cli.ArchiveIntakes;
import io.permafrost.intake.ExportManifest;
import io.permafrost.intake.ImportedArchive;
import io.permafrost.testing.AtRestDamage;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 3: {@code permafrost export} / {@code permafrost import} between two running servers'
 * data directories, checked through the SDK on the destination.
 */
@EmbeddedOnly("drives the export/import commands with --data; a test cluster's own schema is not a flag they take")
class ExportImportIT {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String VAULT = "source";
    private static final String COPY = "copy";
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path exports;

    private TestServer source;
    private TestServer destination;
    private final Map<String, byte[]> uploaded = new LinkedHashMap<>();
    private String lockPolicy;

    @BeforeEach
    void start() throws Exception {
        source = new TestServer();
        destination = new TestServer();
        GlacierClient glacier = source.client();
        JobTestVault vault = new JobTestVault(glacier, VAULT);
        byte[] small = "a small archive".getBytes(StandardCharsets.UTF_8);
        uploaded.put(vault.upload(small, "small"), small);
        source.clock().advance(Duration.ofDays(3));
        // The destination refuses creation dates after its own clock: it runs as late as the source.
        destination.clock().advance(Duration.ofDays(3));
        byte[] multipart = JobTestVault.pattern(3 * MIB + 5);
        uploaded.put(vault.uploadMultipart(multipart, MIB, "three parts"), multipart);
        byte[] big = JobTestVault.pattern(2 * MIB);
        uploaded.put(vault.upload(big, null), big);
        glacier.addTagsToVault(b -> b.accountId("-").vaultName(VAULT).tags(Map.of("team", "finance")));
        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT).policy(VaultAccessPolicy.builder()
                .policy(PolicyJson.of(deny("glacier:DeleteVault", vaultArn(OWNER, VAULT)).principal("*"))).build()));
        lockPolicy = PolicyJson.of(deny("glacier:DeleteArchive", vaultArn(OWNER, VAULT)).principal("*")
                .when("NumericLessThan", "glacier:ArchiveAgeInDays", "365"));
        LockedVaultFixture.lock(glacier, VAULT, lockPolicy);
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        destination.close();
    }

    /** Runs a command as {@code java -jar permafrost.jar} would; returns its exit code and what it printed. */
    private static Run permafrost(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            return new Run(code, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(before);
        }
    }

    private record Run(int exitCode, String output) {
    }

    private Run export(Path out) {
        return permafrost("export", "--vault", VAULT, "--data", source.dataDir().toString(), "--out", out.toString());
    }

    private Run importInto(Path in) {
        return permafrost("import", "--vault", COPY, "--account", ACCOUNT, "--data", destination.dataDir().toString(),
                "--in", in.toString());
    }

    private List<JsonNode> inventory(TestServer server, String vaultName) throws Exception {
        JobTestVault vault = new JobTestVault(server.client(), vaultName, false);
        String job = vault.start(p -> p.type("inventory-retrieval"));
        vault.awaitCompleted(job);
        List<JsonNode> archives = new ArrayList<>();
        new ObjectMapper().readTree(vault.output(job, null).asByteArray()).get("ArchiveList").forEach(archives::add);
        return archives;
    }

    @Test
    void anExportImportedIntoAFreshServerKeepsIdsDatesDescriptionsAndHashesAndItsLockComesBackInProgress()
            throws Exception {
        Path dir = exports.resolve("dir");
        Run exported = export(dir);
        assertThat(exported.exitCode()).as(exported.output()).isZero();
        assertThat(exported.output()).contains("exported 3 archive(s)").contains("Locked lock policy");

        List<String> manifest = Files.readAllLines(dir.resolve(ExportManifest.NAME));
        assertThat(manifest).hasSize(4);
        JsonNode header = new ObjectMapper().readTree(manifest.get(0));
        assertThat(header.path("lock").path("state").asText()).isEqualTo("Locked");
        assertThat(header.path("lock").path("policy").asText()).isEqualTo(lockPolicy);
        assertThat(header.path("tags").path("team").asText()).isEqualTo("finance");
        for (String line : manifest.subList(1, 4)) {
            JsonNode entry = new ObjectMapper().readTree(line);
            assertThat(entry.path("file").asText()).matches("archives/[0-9a-f]{64}\\.archive");
            assertThat(dir.resolve(entry.path("file").asText())).hasBinaryContent(uploaded.get(entry.path("archiveId").asText()));
        }

        Run imported = importInto(dir);
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).contains("imported 3 archive(s)").contains("InProgress lock");

        List<JsonNode> before = inventory(source, VAULT);
        List<JsonNode> after = inventory(destination, COPY);
        assertThat(after).hasSize(3);
        for (int i = 0; i < 3; i++) {
            for (String field : new String[] {"ArchiveId", "ArchiveDescription", "CreationDate", "Size", "SHA256TreeHash"}) {
                assertThat(after.get(i).get(field)).as(field).isEqualTo(before.get(i).get(field));
            }
        }
        JobTestVault copy = new JobTestVault(destination.client(), COPY, false);
        String multipartId = new ArrayList<>(uploaded.keySet()).get(1);
        String job = copy.retrieve(multipartId);
        copy.awaitCompleted(job);
        assertThat(copy.output(job, null).asByteArray()).isEqualTo(uploaded.get(multipartId));

        GlacierClient glacier = destination.client();
        var lock = glacier.getVaultLock(b -> b.accountId("-").vaultName(COPY));
        assertThat(lock.state()).isEqualTo("InProgress");
        // Imported under another name: the policy's Resource now names the copy, so the lock, once completed, holds there.
        assertThat(lock.policy()).isEqualTo(lockPolicy.replace("\"" + vaultArn(OWNER, VAULT) + "\"",
                "\"" + vaultArn(OWNER, COPY) + "\""));
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName(COPY)).tags()).containsEntry("team", "finance");

        // Resumable: a second run finds everything in place.
        Run again = importInto(dir);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("imported 0 archive(s)").contains("3 already there");
    }

    @Test
    void aTarExportRoundTripsToo() throws Exception {
        Path tar = exports.resolve("vault.tar");
        Run exported = export(tar);
        assertThat(exported.exitCode()).as(exported.output()).isZero();
        Run imported = importInto(tar);
        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(inventory(destination, COPY)).extracting(a -> a.get("ArchiveId").asText())
                .containsExactlyInAnyOrderElementsOf(uploaded.keySet());
    }

    /** {@code import --in -}: a tar stream on the standard input of a real {@code permafrost} process. */
    @Test
    void aTarStreamOnStandardInputImportsThroughTheRealCommand() throws Exception {
        Path tar = exports.resolve("vault.tar");
        assertThat(export(tar).exitCode()).isZero();
        Path printed = exports.resolve("import.out");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", io.permafrost.testing.ServerProcess.testClassPath(),
                "io.permafrost.cli.Main", "import", "--vault", COPY, "--account", ACCOUNT, "--data",
                destination.dataDir().toString(), "--in", "-")
                .redirectInput(tar.toFile()).redirectErrorStream(true).redirectOutput(printed.toFile());
        Process process = builder.start();

        assertThat(process.waitFor()).as(Files.readString(printed)).isZero();
        assertThat(Files.readString(printed)).contains("imported 3 archive(s) into " + ACCOUNT + "/" + COPY);
        assertThat(inventory(destination, COPY)).extracting(a -> a.get("ArchiveId").asText())
                .containsExactlyInAnyOrderElementsOf(uploaded.keySet());
    }

    @Test
    void aDamagedExportFileIsCaughtOnImportNotCommittedAndAFixedOneResumes() throws Exception {
        Path dir = exports.resolve("dir");
        assertThat(export(dir).exitCode()).isZero();
        String damagedId = new ArrayList<>(uploaded.keySet()).get(2);
        Path file = dir.resolve(ExportManifest.fileNameOf(damagedId));
        byte[] bytes = Files.readAllBytes(file);
        bytes[MIB + 7] ^= 0x40;
        Files.write(file, bytes);

        Run imported = importInto(dir);
        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.output()).contains("FAILED " + damagedId + ": HASH_MISMATCH").contains("imported 2 archive(s)");
        assertThat(inventory(destination, COPY)).extracting(a -> a.get("ArchiveId").asText()).doesNotContain(damagedId);

        Files.write(file, uploaded.get(damagedId));
        Run resumed = importInto(dir);
        assertThat(resumed.exitCode()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("imported 1 archive(s)").contains("2 already there");
    }

    @Test
    void anIdTheDestinationHoldsWithOtherBytesIsAConflict() throws Exception {
        Path dir = exports.resolve("dir");
        assertThat(export(dir).exitCode()).isZero();
        String taken = uploaded.keySet().iterator().next();
        byte[] other = "other bytes under the same id".getBytes(StandardCharsets.UTF_8);
        try (ArchiveIntake intake = ArchiveIntakes.open(destination.storageTarget())) {
            intake.ensureVault(ACCOUNT, COPY);
            intake.importArchive(ACCOUNT, COPY, new ImportedArchive(taken, "elsewhere",
                    destination.clock().instant().minusSeconds(10), other.length, ReferenceTreeHash.of(other)),
                    new ByteArrayInputStream(other));
        }
        Run imported = importInto(dir);
        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.output()).contains("FAILED " + taken + ": CONFLICT");
    }

    @Test
    void anArchiveDamagedAtRestFailsTheExportAndIsLeftOut() throws Exception {
        String damagedId = new ArrayList<>(uploaded.keySet()).get(2);
        String blobId = DataDirAudit.of(source.dataDir()).archives().get(damagedId).segments().get(0).blobId();
        new AtRestDamage(source.dataDir()).zero(blobId, 100, 3);
        Path dir = exports.resolve("dir");
        Run exported = export(dir);
        assertThat(exported.exitCode()).isEqualTo(1);
        assertThat(exported.output()).contains("FAILED " + damagedId).contains("tree hash");
        assertThat(dir.resolve(ExportManifest.fileNameOf(damagedId))).doesNotExist();
        try (var files = Files.list(dir.resolve("archives"))) {
            assertThat(files).hasSize(2);
        }
    }
}
