package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.permafrost.it.PolicyJson.deny;
import static io.permafrost.testing.ServerProcess.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Locked policy keeps binding the vault it was written for whatever the operator configures on a
 * later start (issue 8, item 2): a data directory remembers the region it was created with and
 * refuses, in one line, a start with another one (flag, environment or config file) or without an
 * account that owns vaults, leaving every file as it was. Each start is a separate server JVM, as
 * an operator would restart it.
 */
@EmbeddedOnly("the identity pin of a data directory (cluster mode pins it in PostgreSQL)")
class IdentityPinIT {
    private static final String VAULT = "records";
    private static final String VAULT_ARN = "arn:aws:glacier:us-east-1:" + ACCOUNT + ":vaults/" + VAULT;
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dataDir;
    @TempDir
    Path configDir;

    @Test
    void aLockedVaultKeepsItsRegionWhicheverWayAnotherRegionIsConfigured() throws Exception {
        String archiveId = lockedVaultWithFreshArchive();
        Map<String, String> before = DataDirAudit.fileDigests(dataDir);
        Path westConfig = Files.writeString(configDir.resolve("west.json"), "{\"region\": \"us-west-2\"}");

        List<ServerProcess.Exit> starts = List.of(
                serve(List.of("--region", "us-west-2"), Map.of()),
                serve(List.of(), Map.of("PERMAFROST_REGION", "us-west-2")),
                serve(List.of("--config", westConfig.toString()), Map.of()),
                // Without a key in the environment a start would generate one: a refused start must not.
                serve(List.of("--region", "us-west-2"), Map.of("PERMAFROST_ACCESS_KEY_ID", "",
                        "PERMAFROST_SECRET_ACCESS_KEY", "", "PERMAFROST_ACCOUNT_ID", "")));

        for (ServerProcess.Exit start : starts) {
            assertRefusedInOneLine(start, "region us-west-2", "region us-east-1", dataDir.toAbsolutePath().toString());
        }
        assertThat(DataDirAudit.fileDigests(dataDir)).as("files of the data directory after the refused starts").isEqualTo(before);
        try (ServerProcess server = ServerProcess.start(dataDir, "256m", QUICK_START)) {
            GlacierClient glacier = server.client();
            ExpectedError.of(() -> glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId)),
                    403, "AccessDeniedException");
            ExpectedError.of(() -> glacier.deleteVault(b -> b.accountId("-").vaultName(VAULT)),
                    403, "AccessDeniedException");
            assertThat(glacier.getVaultLock(b -> b.accountId("-").vaultName(VAULT)).state()).isEqualTo("Locked");
            assertThat(glacier.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isEqualTo(1);
        }
    }

    @Test
    void anAccountThatOwnsVaultsMustStayConfigured() throws Exception {
        lockedVaultWithFreshArchive();

        ServerProcess.Exit start = serve(List.of(), Map.of("PERMAFROST_ACCOUNT_ID", "444455556666"));

        assertRefusedInOneLine(start, "account " + ACCOUNT + " owns 1 vault(s)", "PERMAFROST_ACCOUNT_ID");
        try (ServerProcess server = ServerProcess.start(dataDir, "256m", QUICK_START)) {
            assertThat(server.client().describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives())
                    .isEqualTo(1);
        }
    }

    @Test
    void aDataDirectoryOfAnEarlierBuildIsPinnedToTheRegionOfItsFirstStart() throws Exception {
        lockedVaultWithFreshArchive();
        // What a build before the pin left behind: vaults, and no identity file.
        Files.delete(dataDir.resolve("identity.json"));

        // Its Locked policy still shows the region it was written for: adopting another is refused.
        assertRefusedInOneLine(serve(List.of("--region", "eu-west-1"), Map.of()), "region eu-west-1",
                "region us-east-1 that stored policies");
        assertThat(dataDir.resolve("identity.json")).doesNotExist();
        try (ServerProcess adopted = ServerProcess.start(dataDir, "256m", QUICK_START)) {
            assertThat(adopted.log()).contains("adopted " + dataDir.toAbsolutePath()).contains("region us-east-1");
        }

        assertThat(Files.readString(dataDir.resolve("identity.json"))).contains("\"us-east-1\"");
        assertRefusedInOneLine(serve(List.of("--region", "eu-west-1"), Map.of()), "region eu-west-1",
                "region us-east-1");
    }

    /** Vault "records" in us-east-1 with one archive and a Locked 365-day retention that also keeps the vault. */
    private String lockedVaultWithFreshArchive() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir, "256m", QUICK_START)) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            byte[] data = "audit log 2026".getBytes(StandardCharsets.UTF_8);
            String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                    RequestBody.fromBytes(data)).archiveId();
            String policy = PolicyJson.of(
                    deny("glacier:DeleteArchive", VAULT_ARN).principal("*")
                            .when("NumericLessThan", "glacier:ArchiveAgeInDays", "365"),
                    deny("glacier:DeleteVault", VAULT_ARN).principal("*"));
            String lockId = glacier.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                    .policy(VaultLockPolicy.builder().policy(policy).build())).lockId();
            glacier.completeVaultLock(b -> b.accountId("-").vaultName(VAULT).lockId(lockId));
            return archiveId;
        }
    }

    private ServerProcess.Exit serve(List<String> extraArgs, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--data", dataDir.toString()));
        args.addAll(extraArgs);
        return ServerProcess.run(args, env);
    }

    static void assertRefusedInOneLine(ServerProcess.Exit start, String... fragments) {
        assertThat(start.serving()).as("the server started serving; stderr: %s", start.stderr()).isFalse();
        assertThat(start.code()).as("exit code").isNotZero();
        assertThat(start.stderr().strip()).as("stderr").doesNotContain("\n").doesNotContain("Exception")
                .startsWith("permafrost serve: ").contains(fragments);
    }
}
