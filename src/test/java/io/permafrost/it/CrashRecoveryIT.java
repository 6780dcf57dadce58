package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.UploadArchiveResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kills the server with SIGKILL in the middle of writes, restarts it on the same data directory and
 * checks the storage invariants: every acknowledged archive is there and whole (its tree hash
 * re-computed from the blob files after every restart, and restored through retrieval jobs at the
 * end), nothing half-written exists, the vault counters equal what the vault holds, no temp file
 * survives the start-up sweep, and no unreferenced blob stays among the live ones: the sweep deletes
 * what a committed delete released and moves a blob cut off before its metadata commit into the
 * quarantine (it cannot tell it from one whose metadata was lost), never deleting it.
 */
@EmbeddedOnly("kills a server process and inspects its data directory")
class CrashRecoveryIT {
    private static final long MIB = 1024 * 1024;
    private static final String VAULT = "crash";
    /** These servers start often and move modest data: a quick-starting JVM keeps the test short. */
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dataDir;

    private ServerProcess server;
    private final ExecutorService background = Executors.newCachedThreadPool();
    /** Archives the server acknowledged (201): they must exist, whole, forever after. Keyed by archive id. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Tree hashes of uploads cut by a kill: such an archive may exist after restart, but only whole. */
    private final Set<String> maybeStored = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() throws Exception {
        background.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void killDuringLargeUploadsLosesNothingAcknowledgedAndLeavesNoPartialArchive() throws Exception {
        long size = 64 * MIB;
        // How many bytes the server has received when it is killed; the last is "all of them", which
        // lands the kill in the verify / fsync / rename / commit window.
        long[] killPoints = {256 * 1024, 20 * MIB, 50 * MIB, size};
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        server.client().createVault(b -> b.accountId("-").vaultName(VAULT));
        for (int round = 0; round < killPoints.length; round++) {
            GlacierClient glacier = server.client();
            for (int i = 0; i < 3; i++) {
                uploadSmall(glacier, new GeneratedBody(100_000 + 37_000L * i, round * 10L + i));
            }
            GeneratedBody big = new GeneratedBody(size, 1000 + round);
            String bigHash = big.treeHash();
            maybeStored.add(bigHash);
            Future<UploadArchiveResponse> upload = background.submit(() -> glacier.uploadArchive(
                    b -> b.accountId("-").vaultName(VAULT).checksum(bigHash), big.requestBody()));
            waitUntilServerReceived(killPoints[round], upload);
            killServer();
            UploadArchiveResponse answer = outcome(upload);
            if (answer != null) {
                assertThat(answer.checksum()).isEqualTo(bigHash);
                acknowledged.put(answer.archiveId(), bigHash);
            }
            restartAndAudit();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(3 * killPoints.length);
        retrieveThroughJobs(acknowledged.keySet());
    }

    @Test
    void killDuringMultipartCompletionLeavesTheUploadCompletableOrCompletedOnce() throws Exception {
        long partSize = MIB;
        int fullParts = 31;
        long size = fullParts * partSize + 300_000; // the last part is short
        // When to kill, counted from the moment the SDK hands the request to its HTTP client:
        // at once (before the server sees it), as soon as the completion's transaction reaches the
        // WAL (mid-commit: written, maybe not yet fsynced or answered), and 30 ms after that.
        long[] afterWalWriteMicros = {-1, 0, 30_000};
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        server.client().createVault(b -> b.accountId("-").vaultName(VAULT));
        for (int round = 0; round < afterWalWriteMicros.length; round++) {
            GeneratedBody body = new GeneratedBody(size, 2000 + round);
            String treeHash = body.treeHash();
            GlacierClient glacier = server.client();
            String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                    .partSize(Long.toString(partSize))).uploadId();
            uploadParts(glacier, uploadId, body, partSize);
            maybeStored.add(treeHash);
            CountDownLatch sending = new CountDownLatch(1);
            GlacierClient completing = server.client(new ExecutionInterceptor() {
                @Override
                public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                    sending.countDown();
                }
            });
            WalState walBefore = WalState.of(dataDir);
            Future<CompleteMultipartUploadResponse> completion = background.submit(() -> completing.completeMultipartUpload(
                    b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                            .archiveSize(Long.toString(size)).checksum(treeHash)));
            assertThat(sending.await(30, TimeUnit.SECONDS)).isTrue();
            if (afterWalWriteMicros[round] >= 0) {
                while (WalState.of(dataDir).equals(walBefore) && !completion.isDone()) {
                    Thread.onSpinWait();
                }
                TimeUnit.MICROSECONDS.sleep(afterWalWriteMicros[round]);
            }
            killServer();
            CompleteMultipartUploadResponse answer = outcome(completion);
            if (answer != null) {
                acknowledged.put(answer.archiveId(), treeHash);
            }
            DataDirAudit audit = restartAndAudit();
            boolean stored = audit.archives().values().stream().anyMatch(a -> a.treeHash().equals(treeHash));
            // Either the completion committed (the parts became the archive) or nothing of it did.
            assertThat(audit.parts()).as("parts left of upload %s", uploadId)
                    .filteredOn(p -> p.uploadId().equals(uploadId)).hasSize(stored ? 0 : fullParts + 1);

            // Completing again after the crash must work, and must not make a second archive.
            CompleteMultipartUploadResponse again = server.client().completeMultipartUpload(
                    b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                            .archiveSize(Long.toString(size)).checksum(treeHash));
            assertThat(again.checksum()).isEqualTo(treeHash);
            if (answer != null) {
                assertThat(again.archiveId()).isEqualTo(answer.archiveId());
            }
            acknowledged.put(again.archiveId(), treeHash);
            DataDirAudit after = audit();
            assertThat(after.archives().values()).filteredOn(a -> a.treeHash().equals(treeHash)).hasSize(1);
            System.out.printf("completion round %d (kill %d us after the WAL write): %s before the kill, %s after restart%n",
                    round, afterWalWriteMicros[round], answer != null ? "acknowledged" : "not acknowledged",
                    stored ? "committed" : "not committed");
        }
        retrieveThroughJobs(acknowledged.keySet());
    }

    @Test
    void killDuringABurstOfConcurrentSmallUploadsKeepsEveryAcknowledgedOne() throws Exception {
        int clients = 12;
        // Kill once the burst is under way (so many uploads are in flight), at two different depths.
        int[] killAfterAcknowledged = {25, 120};
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        server.client().createVault(b -> b.accountId("-").vaultName(VAULT));
        int acknowledgedBefore = 0;
        for (int round = 0; round < killAfterAcknowledged.length; round++) {
            GlacierClient glacier = server.client();
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> uploaders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                long seed = round * 1_000_000L + c * 10_000L;
                uploaders.add(background.submit(() -> {
                    Random sizes = new Random(seed);
                    for (long n = seed; !stop.get(); n++) {
                        GeneratedBody body = new GeneratedBody(1 + sizes.nextInt(300_000), n);
                        String treeHash = body.treeHash();
                        maybeStored.add(treeHash);
                        try {
                            UploadArchiveResponse answer = glacier.uploadArchive(
                                    b -> b.accountId("-").vaultName(VAULT).checksum(treeHash), body.requestBody());
                            acknowledged.put(answer.archiveId(), treeHash);
                        } catch (SdkClientException e) {
                            return null; // the server is gone
                        }
                    }
                    return null;
                }));
            }
            int target = acknowledgedBefore + killAfterAcknowledged[round];
            eventually(() -> acknowledged.size() >= target || uploaders.stream().allMatch(Future::isDone));
            killServer();
            stop.set(true);
            for (Future<?> uploader : uploaders) {
                uploader.get(30, TimeUnit.SECONDS);
            }
            assertThat(acknowledged.size()).as("uploads acknowledged before kill %d", round)
                    .isGreaterThan(acknowledgedBefore);
            acknowledgedBefore = acknowledged.size();
            restartAndAudit();
        }
        // Every archive was re-hashed from its files above; restore a sample end to end as well.
        retrieveThroughJobs(acknowledged.keySet().stream().sorted().limit(40).toList());
    }

    @Test
    void failedUploadsLeaveNoTempFileAndNoTrace() throws Exception {
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        GlacierClient glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        GeneratedBody body = new GeneratedBody(3 * MIB + 5, 7);
        String wrongHash = new GeneratedBody(3 * MIB + 5, 8).treeHash();

        assertThatThrownBy(() -> glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(wrongHash),
                body.requestBody()))
                .isInstanceOfSatisfying(GlacierException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertNoTrace();

        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .partSize(Long.toString(4 * MIB))).uploadId();
        assertThatThrownBy(() -> glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                .range("bytes 0-" + (body.length() - 1) + "/*").checksum(wrongHash), body.requestBody()))
                .isInstanceOfSatisfying(GlacierException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertNoTrace();

        // A body that differs from the one the client signed: x-amz-content-sha256 mismatch, 403 (spec 5.3).
        GeneratedBody other = new GeneratedBody(body.length(), 9);
        AtomicReference<Integer> streams = new AtomicReference<>(0);
        ContentStreamProvider switching = () -> streams.getAndUpdate(n -> n + 1) == 0 ? body.stream() : other.stream();
        assertThatThrownBy(() -> glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                        .checksum(body.treeHash()),
                RequestBody.fromContentProvider(switching, body.length(), "application/octet-stream")))
                .isInstanceOfSatisfying(GlacierException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThat(streams.get()).as("the SDK read the body to sign it, then again to send it").isEqualTo(2);
        assertNoTrace();

        // The client goes away mid-body, once on an archive and once on a part.
        disconnectMidBody("/-/vaults/" + VAULT + "/archives", Map.of(), body);
        disconnectMidBody("/-/vaults/" + VAULT + "/multipart-uploads/" + uploadId,
                Map.of("Content-Range", "bytes 0-" + (body.length() - 1) + "/*"), body);
        assertThat(glacier.listParts(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)).parts()).isEmpty();
        assertThat(server.isAlive()).isTrue();
    }

    // ---- steps

    private void uploadSmall(GlacierClient glacier, GeneratedBody body) {
        String treeHash = body.treeHash();
        UploadArchiveResponse answer = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(treeHash),
                body.requestBody());
        assertThat(answer.checksum()).isEqualTo(treeHash);
        acknowledged.put(answer.archiveId(), treeHash);
    }

    private void uploadParts(GlacierClient glacier, String uploadId, GeneratedBody body, long partSize)
            throws Exception {
        List<Future<?>> parts = new ArrayList<>();
        for (long from = 0; from < body.length(); from += partSize) {
            long start = from;
            long length = Math.min(partSize, body.length() - from);
            parts.add(background.submit(() -> glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT)
                            .uploadId(uploadId).range("bytes " + start + "-" + (start + length - 1) + "/*")
                            .checksum(body.treeHash(start, length)),
                    body.requestBody(start, length))));
            if (parts.size() >= 4) {
                parts.remove(0).get();
            }
        }
        for (Future<?> part : parts) {
            part.get();
        }
    }

    /**
     * Restores archives through the server's own retrieval jobs (InitiateJob, DescribeJob,
     * GetJobOutput) and checks each one's tree hash, computed here over the bytes received.
     */
    private void retrieveThroughJobs(Collection<String> archiveIds) throws Exception {
        GlacierClient glacier = server.client();
        Map<String, String> archiveOfJob = new LinkedHashMap<>();
        for (String archiveId : archiveIds) {
            String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
            archiveOfJob.put(jobId, archiveId);
        }
        for (Map.Entry<String, String> job : archiveOfJob.entrySet()) {
            eventually(() -> glacier.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(job.getKey())).completed());
            TreeHash received = new TreeHash();
            try (ResponseInputStream<GetJobOutputResponse> output = glacier.getJobOutput(
                    b -> b.accountId("-").vaultName(VAULT).jobId(job.getKey()))) {
                byte[] buffer = new byte[(int) MIB];
                int n;
                while ((n = output.read(buffer)) > 0) {
                    received.update(buffer, 0, n);
                }
            }
            assertThat(received.hexDigest()).as("restored archive %s", job.getValue())
                    .isEqualTo(acknowledged.get(job.getValue()));
        }
        assertThat(archiveOfJob).isNotEmpty();
    }

    private void killServer() throws InterruptedException {
        assertThat(server.kill()).as("exit status of the killed server").isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
    }

    /** The answer, or null when the kill cut the request off. */
    private static <T> T outcome(Future<T> request) throws InterruptedException {
        try {
            return request.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).as("how a killed server fails a request").isInstanceOf(SdkClientException.class);
            return null;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("request still running after the server was killed", e);
        }
    }

    /** Waits until a temp blob file holds {@code bytes}, or it was renamed away, or the request ended. */
    private void waitUntilServerReceived(long bytes, Future<?> request) throws IOException, InterruptedException {
        Path tmp = dataDir.resolve("blobs").resolve("tmp");
        boolean seen = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !request.isDone()) {
            List<Path> temps;
            try (var files = Files.list(tmp)) {
                temps = files.toList();
            }
            long largest = 0;
            for (Path temp : temps) {
                try {
                    largest = Math.max(largest, Files.size(temp));
                } catch (java.nio.file.NoSuchFileException renamed) {
                    largest = bytes; // it just became a blob: all bytes are in
                }
            }
            if (largest >= bytes || (seen && temps.isEmpty())) {
                return;
            }
            seen |= !temps.isEmpty();
            Thread.sleep(0, 200_000);
        }
    }

    private DataDirAudit restartAndAudit() throws Exception {
        long started = System.nanoTime();
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        long serving = System.nanoTime();
        server.awaitStartUpSweep();
        DataDirAudit audit = audit();
        System.out.printf("restart %.1f s, audit %.1f s%n", (serving - started) / 1e9, (System.nanoTime() - serving) / 1e9);
        return audit;
    }

    /** Checks every invariant against the data directory and the running server; returns the snapshot. */
    private DataDirAudit audit() throws Exception {
        DataDirAudit audit = DataDirAudit.of(dataDir);
        assertThat(audit.tempFiles()).as("temp files after restart").isEmpty();
        assertThat(audit.unreferencedBlobs()).as("blob files nothing refers to").isEmpty();
        System.out.printf("quarantined blobs: %d%n", audit.quarantinedBlobs().size());
        assertThat(audit.corruptArchives()).as("archives whose bytes do not verify").isEmpty();
        assertThat(audit.corruptParts()).as("parts whose bytes do not verify").isEmpty();
        assertThat(audit.counterDrift()).as("vault counters that differ from the archives").isEmpty();
        acknowledged.forEach((archiveId, treeHash) -> {
            assertThat(audit.archives()).as("acknowledged archive %s", archiveId).containsKey(archiveId);
            assertThat(audit.archives().get(archiveId).treeHash()).isEqualTo(treeHash);
        });
        for (DataDirAudit.Archive archive : audit.archives().values()) {
            assertThat(acknowledged.containsKey(archive.archiveId()) || maybeStored.contains(archive.treeHash()))
                    .as("archive %s is one the test uploaded", archive.archiveId()).isTrue();
        }
        // Once an interrupted upload was found committed it is an archive like any other: it must stay.
        audit.archives().values().forEach(a -> acknowledged.putIfAbsent(a.archiveId(), a.treeHash()));

        DescribeVaultResponse vault = server.client().describeVault(b -> b.accountId("-").vaultName(VAULT));
        DataDirAudit.Counters counters = audit.counters().get(VAULT);
        assertThat(vault.numberOfArchives()).isEqualTo(counters.actualCount());
        assertThat(vault.sizeInBytes()).isEqualTo(counters.actualSize());
        assertThat(counters.actualCount()).isEqualTo(acknowledged.size());
        return audit;
    }

    private void assertNoTrace() throws Exception {
        eventually(() -> {
            try {
                return DataDirAudit.of(dataDir).tempFiles().isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DataDirAudit audit = DataDirAudit.of(dataDir);
        assertThat(audit.tempFiles()).as("temp files").isEmpty();
        assertThat(audit.unreferencedBlobs()).as("blob files nothing refers to").isEmpty();
        assertThat(audit.archives()).isEmpty();
        assertThat(audit.parts()).isEmpty();
        DescribeVaultResponse vault = server.client().describeVault(b -> b.accountId("-").vaultName(VAULT));
        assertThat(vault.numberOfArchives()).isZero();
        assertThat(vault.sizeInBytes()).isZero();
    }

    /**
     * Sends a correctly signed request whose body stops after 1 MiB of the declared length, waits
     * until the server is writing it to a temp file, then closes the connection.
     */
    private void disconnectMidBody(String path, Map<String, String> extraHeaders, GeneratedBody body) throws Exception {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .protocol("http").host("127.0.0.1").port(server.port())
                .method(path.endsWith("/archives") ? SdkHttpMethod.POST : SdkHttpMethod.PUT)
                .encodedPath(path)
                .putHeader("x-amz-glacier-version", "2012-06-01")
                .putHeader("x-amz-sha256-tree-hash", body.treeHash())
                .putHeader("Content-Length", Long.toString(body.length()));
        extraHeaders.forEach(request::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(ServerProcess.KEY, ServerProcess.SECRET))
                .request(request.build())
                .payload(body::stream)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "glacier")).request();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(signed.method().name() + " " + path + " HTTP/1.1\r\n");
            signed.forEachHeader((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
            if (signed.firstMatchingHeader("Host").isEmpty()) {
                head.append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            try (InputStream first = body.stream(0, MIB)) {
                first.transferTo(out);
            }
            out.flush();
            eventually(() -> tempBytes() > 0);
        }
        assertNoTraceOfDisconnect();
    }

    private void assertNoTraceOfDisconnect() throws Exception {
        eventually(() -> tempBytes() < 0);
        DataDirAudit audit = DataDirAudit.of(dataDir);
        assertThat(audit.unreferencedBlobs()).isEmpty();
        assertThat(audit.archives()).isEmpty();
        assertThat(audit.parts()).isEmpty();
    }

    /** Bytes in temp files, or -1 when there is none. */
    private long tempBytes() {
        try (var files = Files.list(dataDir.resolve("blobs").resolve("tmp"))) {
            List<Path> temps = files.toList();
            if (temps.isEmpty()) {
                return -1;
            }
            long total = 0;
            for (Path temp : temps) {
                total += Files.size(temp);
            }
            return total;
        } catch (IOException e) {
            return 0; // a temp file vanished while we looked; look again
        }
    }

    /** Size and modification time of the metadata WAL: it changes when a transaction is written. */
    private record WalState(long size, long modifiedNanos) {
        static WalState of(Path dataDir) {
            Path wal = dataDir.resolve("metadata.db-wal");
            try {
                return new WalState(Files.size(wal), Files.getLastModifiedTime(wal).to(TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                return new WalState(-1, -1);
            }
        }
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
