package io.permafrost.it;

import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.GeneratedBody;
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
class MetadataLossIT {
    static final String PLAIN = "photos";
    static final String WORM = "compliance";
    /** These servers start often and move little data: a quick-starting JVM keeps the test short. */
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dataDir;

    private ServerProcess server;
    /** Tree hash by archive id, of everything the server acknowledged. */
    private final Map<String, String> acknowledged = new LinkedHashMap<>();

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

    // ---- steps

    ServerProcess start() throws Exception {
        return ServerProcess.start(dataDir, "256m", QUICK_START);
    }

    /** Two archives in a plain vault, one in a vault Locked with a 365-day retention policy. */
    void populate(GlacierClient glacier) {
        glacier.createVault(b -> b.accountId("-").vaultName(PLAIN));
        glacier.createVault(b -> b.accountId("-").vaultName(WORM));
        upload(glacier, PLAIN, new GeneratedBody(200_000, 11));
        upload(glacier, PLAIN, new GeneratedBody(3 * 1024 * 1024 + 5, 12));
        upload(glacier, WORM, new GeneratedBody(150_000, 13));
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
        TreeHash hash = new TreeHash();
        byte[] buffer = new byte[TreeHash.CHUNK_SIZE];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                hash.update(buffer, 0, n);
            }
        }
        return hash.hexDigest();
    }
}
