package io.permafrost.it;

import io.permafrost.testing.ConcurrentCalls;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glacier.GlacierClient;
import io.permafrost.testing.ReferenceTreeHash;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.util.List;

import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two Permafrost nodes on one PostgreSQL schema and one blob store (the test bucket on S3 when the run has one,
 * else a shared directory), driven with the SDK: what one node commits binds the other at once, racing lock
 * changes from both nodes resolve to exactly one winner, and an upload or a job begun on one node is carried on
 * and finished on the other.
 * Runs in every lane (it starts its own cluster nodes); skipped, saying why, without PostgreSQL.
 */
class ClusterNodesIT {
    private static final int ROUNDS = 8;

    private TestServer nodeA;
    private TestServer nodeB;
    private GlacierClient a;
    private GlacierClient b;

    @BeforeEach
    void startTwoNodes() throws Exception {
        nodeA = TestServer.clusterNode();
        nodeB = nodeA.anotherNode();
        a = nodeA.client();
        b = nodeB.client();
    }

    @AfterEach
    void stopNodes() throws Exception {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    private static String noDeletes() {
        return PolicyJson.of(deny("glacier:DeleteArchive", "*").principal("*"));
    }

    private static String initiate(GlacierClient client, String vault) {
        return client.initiateVaultLock(r -> r.accountId("-").vaultName(vault)
                .policy(VaultLockPolicy.builder().policy(noDeletes()).build())).lockId();
    }

    @Test
    void aLockCompletedOnOneNodeBindsTheOtherAtOnce() {
        a.createVault(r -> r.accountId("-").vaultName("held"));
        String archive = LockedVaultFixture.upload(a, "held", "kept for years");
        String lockId = initiate(a, "held");
        a.completeVaultLock(r -> r.accountId("-").vaultName("held").lockId(lockId));

        assertThat(b.getVaultLock(r -> r.accountId("-").vaultName("held")).state()).isEqualTo("Locked");
        assertThatThrownBy(() -> b.deleteArchive(r -> r.accountId("-").vaultName("held").archiveId(archive)))
                .isInstanceOf(AwsServiceException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(403));
        assertThatThrownBy(() -> b.abortVaultLock(r -> r.accountId("-").vaultName("held")))
                .isInstanceOf(AwsServiceException.class);
        assertThat(a.getVaultLock(r -> r.accountId("-").vaultName("held")).state()).isEqualTo("Locked");
        assertThat(b.describeVault(r -> r.accountId("-").vaultName("held")).numberOfArchives()).isEqualTo(1);
    }

    @Test
    void ofACompleteOnOneNodeAndAnAbortOnTheOtherExactlyOneWins() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String vault = "race-" + round;
            a.createVault(r -> r.accountId("-").vaultName(vault));
            String lockId = initiate(a, vault);
            List<Boolean> succeeded = ConcurrentCalls.race(
                    () -> succeeds(() -> a.completeVaultLock(r -> r.accountId("-").vaultName(vault).lockId(lockId))),
                    () -> succeeds(() -> b.abortVaultLock(r -> r.accountId("-").vaultName(vault))));
            assertThat(succeeded).as("round %d: [complete on A, abort on B]", round)
                    .containsExactlyInAnyOrder(true, false);
            if (succeeded.get(0)) {
                assertThat(b.getVaultLock(r -> r.accountId("-").vaultName(vault)).state()).isEqualTo("Locked");
            } else {
                assertThatThrownBy(() -> a.getVaultLock(r -> r.accountId("-").vaultName(vault)))
                        .isInstanceOf(AwsServiceException.class);
            }
        }
    }

    @Test
    void aDeleteOnOneNodeRacingACompleteOnTheOtherNeverDeletesWhatTheLockProtects() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String vault = "protected-" + round;
            a.createVault(r -> r.accountId("-").vaultName(vault));
            String archive = LockedVaultFixture.upload(a, vault, "evidence " + round);
            String lockId = initiate(a, vault);
            List<Boolean> succeeded = ConcurrentCalls.race(
                    () -> succeeds(() -> a.completeVaultLock(r -> r.accountId("-").vaultName(vault).lockId(lockId))),
                    () -> succeeds(() -> b.deleteArchive(r -> r.accountId("-").vaultName(vault).archiveId(archive))));
            assertThat(succeeded).as("round %d: [complete on A, delete on B]", round).containsExactly(true, false);
            assertThat(b.describeVault(r -> r.accountId("-").vaultName(vault)).numberOfArchives()).isEqualTo(1);
        }
    }

    @Test
    void aMultipartUploadWhosePartsGoToBothNodesCompletesAndReadsBackByteIdentical() throws Exception {
        int partSize = 1024 * 1024;
        // Not a multiple of the part size: the short last part is checked too. Random bytes, so a part
        // read from the wrong place or node cannot match by chance.
        byte[] data = new byte[4 * partSize + 12_345];
        new java.util.Random(20120601).nextBytes(data);
        a.createVault(r -> r.accountId("-").vaultName("split"));
        String uploadId = a.initiateMultipartUpload(r -> r.accountId("-").vaultName("split")
                .partSize(Integer.toString(partSize))).uploadId();
        for (int part = 0, from = 0; from < data.length; part++, from += partSize) {
            int to = Math.min(data.length, from + partSize);
            byte[] bytes = java.util.Arrays.copyOfRange(data, from, to);
            String range = "bytes " + from + "-" + (to - 1) + "/*";
            GlacierClient node = part % 2 == 0 ? a : b;
            assertThat(node.uploadMultipartPart(r -> r.accountId("-").vaultName("split").uploadId(uploadId)
                    .range(range).checksum(ReferenceTreeHash.of(bytes)), RequestBody.fromBytes(bytes)).checksum())
                    .as("part %d on node %s", part, part % 2 == 0 ? "A" : "B").isEqualTo(ReferenceTreeHash.of(bytes));
        }
        assertThat(a.listParts(r -> r.accountId("-").vaultName("split").uploadId(uploadId)).parts())
                .as("node A lists the parts node B took").hasSize(5);
        String archiveId = b.completeMultipartUpload(r -> r.accountId("-").vaultName("split").uploadId(uploadId)
                .archiveSize(Integer.toString(data.length)).checksum(ReferenceTreeHash.of(data))).archiveId();

        JobTestVault onA = new JobTestVault(a, "split", false);
        String jobId = onA.retrieve(archiveId);
        JobTestVault onB = new JobTestVault(b, "split", false);
        DescribeJobResponse described = onB.awaitCompleted(jobId);
        assertThat(described.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(described.archiveSizeInBytes()).isEqualTo(data.length);
        assertThat(described.sha256TreeHash()).isEqualTo(ReferenceTreeHash.of(data));
        assertThat(onB.output(jobId, null).asByteArray()).as("the archive read back on node B").isEqualTo(data);
        assertThat(onB.output(jobId, "bytes=1048000-2097999").asByteArray())
                .as("a range across the parts that A and B took")
                .isEqualTo(java.util.Arrays.copyOfRange(data, 1_048_000, 2_098_000));
    }

    /** Whether the call succeeded; a Glacier error (4xx) is a loss, anything else fails the test. */
    private static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (AwsServiceException e) {
            assertThat(e.statusCode()).as("a lost race is a client error, never a server error: %s", e.getMessage())
                    .isLessThan(500);
            return false;
        }
    }
}
