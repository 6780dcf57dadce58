package io.permafrost.it;

import io.permafrost.testing.ClusterProcesses;
import io.permafrost.testing.FreezableProxy;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of one node of a cluster of real node processes (PostgreSQL and the test object store), with the
 * work carried on by the others: a multipart upload whose node died mid-part is finished on another node
 * whole and with the right tree hash; a job whose claiming node died mid-run is taken over once its lease
 * runs out and its output read from a third node; archives a node acknowledged just before it died are all
 * readable from another. Skipped, saying why, without PostgreSQL or an object store.
 */
class ClusterCrashIT {
    private static final int MIB = 1024 * 1024;
    private static final String VAULT = "crash";

    private ClusterProcesses cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new ClusterProcesses();
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMultipartUploadWhoseNodeIsKilledMidPartIsFinishedOnAnotherWhole() throws Exception {
        ServerProcess nodeA = cluster.startNode();
        ServerProcess nodeB = cluster.startNode();
        GlacierClient a = nodeA.client();
        GlacierClient b = nodeB.client();
        byte[] data = new byte[6 * MIB - 4321];
        new Random(9).nextBytes(data);
        a.createVault(r -> r.accountId("-").vaultName(VAULT));
        String uploadId = a.initiateMultipartUpload(r -> r.accountId("-").vaultName(VAULT)
                .partSize(Integer.toString(MIB))).uploadId();
        for (int part = 0; part < 4; part++) {
            uploadPart(part % 2 == 0 ? a : b, uploadId, data, part);
        }

        // Part 4 goes to A, which is killed when half of its body is through.
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        byte[] part4 = part(data, 4);
        AtomicInteger streams = new AtomicInteger();
        CompletableFuture<Object> cutOff = CompletableFuture.supplyAsync(() -> a.uploadMultipartPart(r -> r
                        .accountId("-").vaultName(VAULT).uploadId(uploadId).range(range(data, 4))
                        .checksum(ReferenceTreeHash.of(part4)),
                RequestBody.fromContentProvider(() -> streams.incrementAndGet() == 1
                        ? new ByteArrayInputStream(part4) // the signer's pass over the payload
                        : new HalfThenStall(part4, halfSent, killed), part4.length, "application/octet-stream")));
        assertThat(halfSent.await(60, TimeUnit.SECONDS)).as("half of part 4 sent to node A").isTrue();
        assertThat(nodeA.kill()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
        killed.countDown();
        assertThat(catchCause(cutOff)).as("the part upload node A never answered").isInstanceOf(SdkClientException.class);

        uploadPart(b, uploadId, data, 4);
        uploadPart(b, uploadId, data, 5);
        assertThat(b.listParts(r -> r.accountId("-").vaultName(VAULT).uploadId(uploadId)).parts()).hasSize(6);
        String archiveId = b.completeMultipartUpload(r -> r.accountId("-").vaultName(VAULT).uploadId(uploadId)
                .archiveSize(Integer.toString(data.length)).checksum(ReferenceTreeHash.of(data))).archiveId();

        String jobId = b.initiateJob(r -> r.accountId("-").vaultName(VAULT)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
        DescribeJobResponse done = awaitCompleted(b, jobId);
        assertThat(done.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(done.sha256TreeHash()).isEqualTo(ReferenceTreeHash.of(data));
        byte[] read = b.getJobOutputAsBytes(r -> r.accountId("-").vaultName(VAULT).jobId(jobId)).asByteArray();
        assertThat(read).as("the archive, read back whole").isEqualTo(data);
        assertThat(ReferenceTreeHash.of(read)).isEqualTo(ReferenceTreeHash.of(data));
    }

    /**
     * An inventory job, because its run always goes to the object store (it writes its output there); a
     * retrieval's run no longer does: its tree hash comes from the recorded per-MiB hashes, and its bytes
     * are read only when the output is downloaded.
     */
    @Test
    void aJobWhoseClaimingNodeIsKilledMidRunIsFinishedByAnotherAndReadFromAThird() throws Exception {
        try (FreezableProxy slowStore = new FreezableProxy(cluster.objectStoreEndpoint())) {
            // Node A alone at first, so it is the one that claims the job; it reaches the object store through
            // a relay that the test freezes, so the job's write of its output stands still until A is killed.
            ServerProcess nodeA = cluster.startNode(slowStore.endpoint());
            GlacierClient a = nodeA.client();
            byte[] data = "an archive the inventory lists".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            a.createVault(r -> r.accountId("-").vaultName(VAULT));
            String archiveId = a.uploadArchive(r -> r.accountId("-").vaultName(VAULT)
                    .checksum(ReferenceTreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
            slowStore.freeze();
            String jobId = a.initiateJob(r -> r.accountId("-").vaultName(VAULT).jobParameters(p -> p
                    .type("inventory-retrieval").format("JSON"))).jobId();
            awaitClaim(jobId);
            String nodeAId = claimOf(jobId); // node A's: it is the only node
            slowStore.awaitHeldBytes(); // A is in the middle of a call to the object store
            assertThat(a.describeJob(r -> r.accountId("-").vaultName(VAULT).jobId(jobId)).completed())
                    .as("the job's run is in progress on node A").isFalse();
            assertThat(nodeA.kill()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);

            ServerProcess nodeB = cluster.startNode();
            ServerProcess nodeC = cluster.startNode();
            DescribeJobResponse done = awaitCompleted(nodeB.client(), jobId);
            assertThat(done.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
            assertThat(claimOf(jobId)).as("finished by a node other than the dead one").isNotNull().isNotEqualTo(nodeAId);
            byte[] read = nodeC.client().getJobOutputAsBytes(r -> r.accountId("-").vaultName(VAULT).jobId(jobId))
                    .asByteArray();
            assertThat(new String(read, java.nio.charset.StandardCharsets.UTF_8))
                    .as("the job's output, read from node C").contains(archiveId);
        }
    }

    @Test
    void everyArchiveANodeAcknowledgedBeforeItWasKilledIsReadableFromAnother() throws Exception {
        ServerProcess nodeA = cluster.startNode();
        ServerProcess nodeB = cluster.startNode();
        GlacierClient a = nodeA.client();
        a.createVault(r -> r.accountId("-").vaultName(VAULT));
        Map<String, String> acknowledged = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        CountDownLatch some = new CountDownLatch(8);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; ; i++) {
                    byte[] body = ("archive " + writer + "/" + i + " ").repeat(40).getBytes();
                    String treeHash = ReferenceTreeHash.of(body);
                    String id;
                    try {
                        id = a.uploadArchive(r -> r.accountId("-").vaultName(VAULT).checksum(treeHash),
                                RequestBody.fromBytes(body)).archiveId();
                    } catch (SdkClientException cutOff) {
                        return; // the kill
                    }
                    acknowledged.put(id, treeHash);
                    some.countDown();
                }
            }));
        }
        assertThat(some.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(nodeA.kill()).isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        GlacierClient b = nodeB.client();
        Map<String, String> snapshot;
        synchronized (acknowledged) {
            snapshot = new LinkedHashMap<>(acknowledged);
        }
        assertThat(b.describeVault(r -> r.accountId("-").vaultName(VAULT)).numberOfArchives())
                .as("every acknowledged archive counted (one whose answer the kill cut off may count too)")
                .isGreaterThanOrEqualTo(snapshot.size());
        Map<String, String> jobs = new LinkedHashMap<>();
        snapshot.forEach((archiveId, treeHash) -> jobs.put(b.initiateJob(r -> r.accountId("-").vaultName(VAULT)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId(), treeHash));
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            assertThat(awaitCompleted(b, job.getKey()).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
            byte[] read = b.getJobOutputAsBytes(r -> r.accountId("-").vaultName(VAULT).jobId(job.getKey()))
                    .asByteArray();
            assertThat(ReferenceTreeHash.of(read)).as("archive read from node B").isEqualTo(job.getValue());
        }
    }

    private static void uploadPart(GlacierClient node, String uploadId, byte[] data, int part) {
        byte[] bytes = part(data, part);
        node.uploadMultipartPart(r -> r.accountId("-").vaultName(VAULT).uploadId(uploadId).range(range(data, part))
                .checksum(ReferenceTreeHash.of(bytes)), RequestBody.fromBytes(bytes));
    }

    private static byte[] part(byte[] data, int part) {
        return Arrays.copyOfRange(data, part * MIB, Math.min(data.length, (part + 1) * MIB));
    }

    private static String range(byte[] data, int part) {
        return "bytes " + part * MIB + "-" + (Math.min(data.length, (part + 1) * MIB) - 1) + "/*";
    }

    private static Throwable catchCause(CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call to the killed node did not end", e);
        }
    }

    /**
     * Polls DescribeJob until the job is completed. The bound (two minutes) only keeps a broken build from
     * hanging: a dead node's lease (30 s) must run out before another node takes its job.
     */
    private static DescribeJobResponse awaitCompleted(GlacierClient node, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            DescribeJobResponse d = node.describeJob(r -> r.accountId("-").vaultName(VAULT).jobId(jobId));
            if (Boolean.TRUE.equals(d.completed())) {
                return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not complete");
    }

    private void awaitClaim(String jobId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (claimOf(jobId) != null) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " was never claimed");
    }

    private String claimOf(String jobId) throws Exception {
        try (Connection c = cluster.database();
             PreparedStatement ps = c.prepareStatement("SELECT claimed_by FROM jobs WHERE id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The first half of {@code bytes}, then it waits until the test has killed the node, then fails. */
    private static final class HalfThenStall extends InputStream {
        private final byte[] bytes;
        private final CountDownLatch halfSent;
        private final CountDownLatch killed;
        private int position;

        HalfThenStall(byte[] bytes, CountDownLatch halfSent, CountDownLatch killed) {
            this.bytes = bytes;
            this.halfSent = halfSent;
            this.killed = killed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int off, int len) throws IOException {
            int half = bytes.length / 2;
            if (position >= half) {
                halfSent.countDown();
                try {
                    killed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("the node this body was going to is dead");
            }
            int n = Math.min(len, half - position);
            System.arraycopy(bytes, position, into, off, n);
            position += n;
            return n;
        }
    }
}
