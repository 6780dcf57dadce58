package io.permafrost.it;

import io.permafrost.evidence.EditedBundle;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.CommandRun;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands an operator and an auditor type, beside a running embedded server: scrub keeps its results,
 * evidence cuts the bundle signed with DATA/audit-signing-key, evidence verify checks it with the .pub alone.
 */
@EmbeddedOnly("the cluster flags take the object store's keys from the environment, which a test cannot set")
class EvidenceCommandIT {
    @TempDir
    Path dir;

    @Test
    void scrubThenEvidenceThenVerifyBesideARunningServer() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName("books"));
            byte[] data = "ledger 2026".getBytes(StandardCharsets.UTF_8);
            glacier.uploadArchive(b -> b.accountId("-").vaultName("books").checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data));
            String dataDir = server.dataDir().toString();
            Path bundle = dir.resolve("books.json");

            assertThat(CommandRun.of("scrub", "--data", dataDir).exitCode()).isZero();
            CommandRun cut = CommandRun.of("evidence", "--data", dataDir, "--vault", "books", "--out", bundle.toString());
            assertThat(cut.exitCode()).as(cut.output()).isZero();
            assertThat(cut.output()).contains("1 archives");
            Path key = server.dataDir().resolve("audit-signing-key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key + ".pub"))))
                    .isEqualTo("rw-r--r--");
            assertThat(Files.readString(bundle)).contains("\"result\":\"ok\"", "\"hash\":\"" + TreeHash.of(data) + "\"");

            CommandRun verify = CommandRun.of("evidence", "verify", bundle.toString(), "--public-key", key + ".pub");
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).startsWith("VALID");

            Path edited = EditedBundle.of(bundle).replace("\"size\":" + data.length, "\"size\":" + (data.length + 1));
            CommandRun refused = CommandRun.of("evidence", "verify", edited.toString(), "--public-key", key + ".pub");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.output()).startsWith("INVALID").contains("changed after signing: archives",
                    "archiveBytes says " + data.length);
        }
    }

    @Test
    void aFileThatIsNoBundleIsNamedSo() throws Exception {
        Path notJson = Files.writeString(dir.resolve("x.json"), "{\"format\":\"permafrost-evidence/1\",");

        CommandRun verify = CommandRun.of("evidence", "verify", notJson.toString());

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.output()).contains("not well-formed JSON");
    }

    @Test
    void anUnknownVaultIsNamed() throws Exception {
        try (TestServer server = new TestServer()) {
            CommandRun cut = CommandRun.of("evidence", "--data", server.dataDir().toString(), "--vault", "nope",
                    "--out", dir.resolve("b.json").toString());

            assertThat(cut.exitCode()).isEqualTo(2);
            assertThat(cut.output()).contains("no vault nope");
            assertThat(dir.resolve("b.json")).doesNotExist();
        }
    }
}
