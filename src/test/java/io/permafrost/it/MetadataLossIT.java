package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.RecoverCommand;
import io.permafrost.testing.SequentialParts;
import io.permafrost.testing.ServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

/**
 * Losing {@code metadata.db} (deleted, truncated, or its WAL lost after a kill) must not turn into
 * losing the archives: the server refuses to start on such a directory and deletes nothing, and
 * blobs that restored (older) metadata does not know are kept in the quarantine, not deleted.
 */
@EmbeddedOnly("loses and restores the SQLite metadata of a data directory")
class MetadataLossIT {
    static final String PLAIN = "photos";
    static final String WORM = "compliance";
    /** These servers start often and move little data: a quick-starting JVM keeps the test short. */
    private static final long MIB = 1024 * 1024;
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dataDir;

    private ServerProcess server;
    /** Tree hash by archive id, of everything the server acknowledged. */
    private final Map<String, String> acknowledged = new LinkedHashMap<>();
    private String wormArchive;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Ways the metadata of a stopped server goes missing. */
    enum Loss {
        DELETED {
            @Override
            void apply(Path dataDir) throws IOException {
                Files.delete(dataDir.resolve("metadata.db"));
            }
        },
        TRUNCATED {
            @Override
            void apply(Path dataDir) throws IOException {
                Files.write(dataDir.resolve("metadata.db"), new byte[0]);
            }
        },
        /** After kill -9 the recent transactions live only in the WAL; without it the file holds no schema. */
        WAL_LOST_AFTER_KILL {
            @Override
            void apply(Path dataDir) throws IOException {
                assertThat(dataDir.resolve("metadata.db-wal")).as("the killed server's WAL").exists();
                Files.delete(dataDir.resolve("metadata.db-wal"));
                Files.deleteIfExists(dataDir.resolve("metadata.db-shm"));
            }
        };

        abstract void apply(Path dataDir) throws IOException;

        boolean afterKill() {
            return this == WAL_LOST_AFTER_KILL;
        }
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void lostMetadataBesideBlobsRefusesToStartAndDeletesNothing(Loss loss) throws Exception {
        server = start();
        populate(server.client());
        if (loss.afterKill()) {
            assertThat(server.kill()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
        } else {
            server.close();
        }
        server = null;
        List<Path> blobFiles = DataDirAudit.blobFiles(dataDir);
        assertThat(blobFiles).as("the archives' blob files").hasSizeGreaterThanOrEqualTo(3);

        loss.apply(dataDir);

        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(this::start).as("start %d", attempt)
                    .hasMessageContaining("Refusing to start: the metadata database " + dataDir.resolve("metadata.db"))
                    .hasMessageContaining("Restore metadata.db")
                    .hasMessageContaining("permafrost recover --data " + dataDir)
                    .satisfies(e -> assertThat(e.getMessage()).as("one message, no stack trace")
                            .doesNotContain("\tat io.permafrost"));
            assertThat(DataDirAudit.blobFiles(dataDir)).as("blob files after start %d", attempt)
                    .containsExactlyElementsOf(blobFiles);
        }
    }

    @Test
    void blobsThatOlderRestoredMetadataDoesNotKnowAreQuarantinedNotDeleted() throws Exception {
        server = start();
        GlacierClient glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName(PLAIN));
        upload(glacier, PLAIN, new GeneratedBody(200_000, 1));
        server.close();
        Path backup = Files.copy(dataDir.resolve("metadata.db"), dataDir.resolveSibling(dataDir.getFileName() + ".bak"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(dataDir.resolve("metadata.db-wal")).as("a cleanly stopped server checkpointed its WAL").doesNotExist();

        server = start();
        GeneratedBody later = new GeneratedBody(300_001, 2);
        upload(server.client(), PLAIN, later);
        server.close();
        Files.move(backup, dataDir.resolve("metadata.db"), StandardCopyOption.REPLACE_EXISTING);

        server = start();
        server.awaitStartUpSweep();
        assertThat(server.log()).contains("start-up sweep moved 1 blob(s) that no metadata refers to into "
                + dataDir.resolve("blobs").resolve("quarantine"));
        DataDirAudit audit = DataDirAudit.of(dataDir);
        assertThat(audit.corruptArchives()).isEmpty();
        assertThat(audit.unreferencedBlobs()).isEmpty();
        assertThat(audit.quarantinedBlobs()).singleElement()
                .satisfies(blob -> assertThat(treeHashOf(blob)).isEqualTo(later.treeHash()));
        assertThat(server.client().describeVault(b -> b.accountId("-").vaultName(PLAIN)).numberOfArchives())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void recoverRebuildsArchivesLocksAndPoliciesFromTheBlobDirectory(Loss loss) throws Exception {
        server = start();
        GlacierClient glacier = server.client();
        populate(glacier);
        String multipart = uploadInParts(glacier, PLAIN, new GeneratedBody(2 * MIB + 1000, 14));
        String deleted = upload(glacier, PLAIN, new GeneratedBody(250_000, 15));
        glacier.deleteArchive(b -> b.accountId("-").vaultName(PLAIN).archiveId(deleted));
        acknowledged.remove(deleted);
        String accessPolicy = PolicyJson.of(deny("glacier:DeleteVault", Identities.vaultArn(ServerProcess.ACCOUNT, PLAIN))
                .principal("*"));
        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName(PLAIN).policy(p -> p.policy(accessPolicy)));
        RecoverCommand.Recovery beside = recover();
        assertThat(beside.exitCode()).as("recover beside a running server").isNotZero();
        assertThat(beside.output()).contains("Another Permafrost process (a server, or recover) is using " + dataDir);
        if (loss.afterKill()) {
            server.kill();
        } else {
            server.close();
        }
        server = null;
        loss.apply(dataDir);

        RecoverCommand.Recovery recovery = recover();
        assertThat(recovery.exitCode()).as(recovery.output()).isZero();
        assertThat(recovery.output()).contains("recovered " + acknowledged.size() + " archive(s)");
        assertThat(recover().output()).as("a second run finds everything known")
                .contains("recovered 0 archive(s) (" + acknowledged.size() + " already known)");

        server = start();
        GlacierClient restarted = server.client();
        assertThat(inventory(restarted, PLAIN)).containsOnlyKeys(acknowledged.keySet().stream()
                .filter(id -> !id.equals(wormArchive)).toArray(String[]::new)).doesNotContainKey(deleted);
        assertThat(inventory(restarted, WORM)).containsOnlyKeys(wormArchive);
        for (Map.Entry<String, String> archive : acknowledged.entrySet()) {
            String vault = archive.getKey().equals(wormArchive) ? WORM : PLAIN;
            assertThat(download(restarted, vault, archive.getKey())).as("archive %s", archive.getKey())
                    .isEqualTo(archive.getValue());
        }
        assertThat(acknowledged).containsKey(multipart);
        var lock = restarted.getVaultLock(b -> b.accountId("-").vaultName(WORM));
        assertThat(lock.state()).isEqualTo("Locked");
        assertThat(lock.policy()).isEqualTo(retentionPolicy());
        assertThatThrownBy(() -> restarted.deleteArchive(b -> b.accountId("-").vaultName(WORM).archiveId(wormArchive)))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.glacier.model.GlacierException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThat(restarted.getVaultAccessPolicy(b -> b.accountId("-").vaultName(PLAIN)).policy().policy())
                .isEqualTo(accessPolicy);
        DataDirAudit audit = DataDirAudit.of(dataDir);
        assertThat(audit.corruptArchives()).isEmpty();
        assertThat(audit.counterDrift()).isEmpty();
    }

    /**
     * The attack an older backup opened: a vault Locked after the backup is missing from the restored
     * database, so it could be created again and given a policy, overwriting its record and so its lock.
     * The start is refused instead, and recover brings the vault back Locked with its archive.
     */
    @Test
    void aVaultLockedAfterTheRestoredBackupBlocksTheStartUntilRecoverBringsItBackLocked() throws Exception {
        server = start();
        server.client().createVault(b -> b.accountId("-").vaultName(PLAIN));
        server.close();
        Path backup = Files.copy(dataDir.resolve("metadata.db"), dataDir.resolveSibling(dataDir.getFileName() + ".bak"),
                StandardCopyOption.REPLACE_EXISTING);
        server = start();
        GlacierClient glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName(WORM));
        String archive = upload(glacier, WORM, new GeneratedBody(200_000, 21));
        String lockId = glacier.initiateVaultLock(b -> b.accountId("-").vaultName(WORM)
                .policy(VaultLockPolicy.builder().policy(retentionPolicy()).build())).lockId();
        glacier.completeVaultLock(b -> b.accountId("-").vaultName(WORM).lockId(lockId));
        server.close();
        server = null;
        Files.move(backup, dataDir.resolve("metadata.db"), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dataDir.resolve("metadata.db-wal"));
        Map<String, String> blobsBefore = DataDirAudit.fileDigests(dataDir.resolve("blobs"));

        ServerProcess.Exit refused = ServerProcess.run(List.of("serve", "--port", "0", "--data", dataDir.toString()),
                Map.of());

        IdentityPinIT.assertRefusedInOneLine(refused, "vault " + ServerProcess.ACCOUNT + "/" + WORM + " is Locked",
                "has no such vault", "restored from an older backup", "permafrost recover --data " + dataDir);
        assertThat(DataDirAudit.fileDigests(dataDir.resolve("blobs"))).as("blob files and vault records")
                .isEqualTo(blobsBefore);

        RecoverCommand.Recovery recovery = recover();
        assertThat(recovery.exitCode()).as(recovery.output()).isZero();
        server = start();
        GlacierClient restarted = server.client();
        assertThat(restarted.getVaultLock(b -> b.accountId("-").vaultName(WORM)).policy()).isEqualTo(retentionPolicy());
        assertThat(restarted.getVaultLock(b -> b.accountId("-").vaultName(WORM)).state()).isEqualTo("Locked");
        ExpectedError.of(() -> restarted.deleteArchive(b -> b.accountId("-").vaultName(WORM).archiveId(archive)),
                403, "AccessDeniedException");
        assertThat(restarted.describeVault(b -> b.accountId("-").vaultName(WORM)).numberOfArchives()).isEqualTo(1);
    }

    // ---- steps

    private RecoverCommand.Recovery recover() {
        return RecoverCommand.run(dataDir);
    }

    private String uploadInParts(GlacierClient glacier, String vault, GeneratedBody body) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(vault)
                .partSize(Long.toString(MIB)).archiveDescription("in parts")).uploadId();
        SequentialParts.send(glacier, vault, uploadId, body, MIB);
        String archiveId = glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                .archiveSize(Long.toString(body.length())).checksum(body.treeHash())).archiveId();
        acknowledged.put(archiveId, body.treeHash());
        return archiveId;
    }

    /** Archive id to tree hash, from an inventory-retrieval job. */
    private static Map<String, String> inventory(GlacierClient glacier, String vault) throws Exception {
        String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(vault)
                .jobParameters(p -> p.type("inventory-retrieval"))).jobId();
        awaitJob(glacier, vault, jobId);
        Map<String, String> archives = new LinkedHashMap<>();
        try (InputStream output = glacier.getJobOutput(b -> b.accountId("-").vaultName(vault).jobId(jobId))) {
            for (var archive : new com.fasterxml.jackson.databind.ObjectMapper().readTree(output).path("ArchiveList")) {
                archives.put(archive.path("ArchiveId").asText(), archive.path("SHA256TreeHash").asText());
            }
        }
        return archives;
    }

    /** The tree hash of an archive's bytes as an archive-retrieval job returns them. */
    private static String download(GlacierClient glacier, String vault, String archiveId) throws Exception {
        String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(vault)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
        awaitJob(glacier, vault, jobId);
        try (InputStream output = glacier.getJobOutput(b -> b.accountId("-").vaultName(vault).jobId(jobId))) {
            return treeHashOf(output);
        }
    }

    private static void awaitJob(GlacierClient glacier, String vault, String jobId) throws InterruptedException {
        for (int i = 0; i < 3000 && !glacier.describeJob(b -> b.accountId("-").vaultName(vault).jobId(jobId)).completed(); i++) {
            Thread.sleep(10);
        }
    }

    ServerProcess start() throws Exception {
        return ServerProcess.start(dataDir, "256m", QUICK_START);
    }

    /** Two archives in a plain vault, one in a vault Locked with a 365-day retention policy. */
    void populate(GlacierClient glacier) {
        glacier.createVault(b -> b.accountId("-").vaultName(PLAIN));
        glacier.createVault(b -> b.accountId("-").vaultName(WORM));
        upload(glacier, PLAIN, new GeneratedBody(200_000, 11));
        upload(glacier, PLAIN, new GeneratedBody(3 * 1024 * 1024 + 5, 12));
        wormArchive = upload(glacier, WORM, new GeneratedBody(150_000, 13));
        String lockId = glacier.initiateVaultLock(b -> b.accountId("-").vaultName(WORM)
                .policy(VaultLockPolicy.builder().policy(retentionPolicy()).build())).lockId();
        glacier.completeVaultLock(b -> b.accountId("-").vaultName(WORM).lockId(lockId));
    }

    static String retentionPolicy() {
        return PolicyJson.of(deny("glacier:DeleteArchive", Identities.vaultArn(ServerProcess.ACCOUNT, WORM))
                .sid("deny-based-on-archive-age").principal("*")
                .when("NumericLessThan", "glacier:ArchiveAgeInDays", "365"));
    }

    String upload(GlacierClient glacier, String vault, GeneratedBody body) {
        String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(vault).checksum(body.treeHash())
                .archiveDescription("seed " + body.length()), body.requestBody()).archiveId();
        acknowledged.put(archiveId, body.treeHash());
        return archiveId;
    }

    private static String treeHashOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return treeHashOf(in);
        }
    }

    private static String treeHashOf(InputStream stream) throws IOException {
        TreeHash hash = new TreeHash();
        byte[] buffer = new byte[TreeHash.CHUNK_SIZE];
        try (InputStream in = stream) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                hash.update(buffer, 0, n);
            }
        }
        return hash.hexDigest();
    }
}
