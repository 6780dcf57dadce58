package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.JobSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.glacier.model.ActionCode;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.InitiateJobResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class JobRetrievalIT {
    private static final int MIB = 1024 * 1024;
    private static final String ARN = "arn:aws:glacier:us-east-1:111122223333:vaults/";
    private static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:restores";
    /** Short delays: the test clock may only move a few minutes, because the SDK signs with real time. */
    private static final JobSettings MINUTES = new JobSettings(Duration.ZERO, Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(3), Duration.ofMinutes(5));

    private TestServer server;

    private JobTestVault start(JobSettings settings) throws Exception {
        server = new TestServer(List.of(), c -> c.withJobs(settings));
        return new JobTestVault(server.client(), "restores");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void wholeArchiveRetrievalDescribesEveryFieldAndDownloadsVerified() throws Exception {
        JobTestVault vault = start(JobSettings.defaults());
        byte[] data = JobTestVault.pattern(3 * MIB + 17);
        String archiveId = vault.upload(data, "family photos");
        String treeHash = ReferenceTreeHash.of(data);

        InitiateJobResponse started = vault.glacier.initiateJob(b -> b.accountId("-").vaultName(vault.name)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).description("restore 1")
                        .snsTopic(TOPIC).tier("Expedited")));
        assertThat(started.jobId()).hasSize(92).matches("[A-Za-z0-9_-]+");
        assertThat(started.location()).isEqualTo("/111122223333/vaults/restores/jobs/" + started.jobId());
        assertThat(started.jobOutputPath()).isNull();

        DescribeJobResponse d = vault.awaitCompleted(started.jobId());
        assertThat(d.jobId()).isEqualTo(started.jobId());
        assertThat(d.action()).isEqualTo(ActionCode.ARCHIVE_RETRIEVAL);
        assertThat(d.archiveId()).isEqualTo(archiveId);
        assertThat(d.archiveSizeInBytes()).isEqualTo(data.length);
        assertThat(d.archiveSHA256TreeHash()).isEqualTo(treeHash);
        assertThat(d.sha256TreeHash()).isEqualTo(treeHash);
        assertThat(d.retrievalByteRange()).isEqualTo("0-" + (data.length - 1));
        assertThat(d.completed()).isTrue();
        assertThat(d.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(d.statusMessage()).isEqualTo("Succeeded");
        assertThat(d.creationDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(d.completionDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(d.inventorySizeInBytes()).isNull();
        assertThat(d.inventoryRetrievalParameters()).isNull();
        assertThat(d.jobDescription()).isEqualTo("restore 1");
        assertThat(d.snsTopic()).isEqualTo(TOPIC);
        assertThat(d.tier()).isEqualTo("Expedited");
        assertThat(d.vaultARN()).isEqualTo(ARN + "restores");

        ResponseBytes<GetJobOutputResponse> out = vault.output(started.jobId(), null);
        assertThat(out.asByteArray()).isEqualTo(data);
        GetJobOutputResponse r = out.response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.checksum()).isEqualTo(treeHash);
        assertThat(r.acceptRanges()).isEqualTo("bytes");
        assertThat(r.contentType()).isEqualTo("application/octet-stream");
        assertThat(r.archiveDescription()).isEqualTo("family photos");
        assertThat(r.contentRange()).isNull();
    }

    @Test
    void jobStaysInProgressUntilItsTierDelayHasPassed() throws Exception {
        JobTestVault vault = start(MINUTES);
        String archiveId = vault.upload(JobTestVault.pattern(1000), null);
        String standard = vault.retrieve(archiveId);
        String bulk = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Bulk"));
        String expedited = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited"));

        assertThat(vault.awaitCompleted(expedited).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        DescribeJobResponse d = vault.describe(standard);
        assertThat(d.statusCode()).isEqualTo(StatusCode.IN_PROGRESS);
        assertThat(d.completed()).isFalse();
        assertThat(d.statusMessage()).isEqualTo("Operation in progress.");
        assertThat(d.completionDate()).isNull();
        assertThat(d.tier()).isEqualTo("Standard");
        ExpectedError.of(() -> vault.output(standard, null), 400, "InvalidParameterValueException",
                "The job is not currently available for download: " + standard);

        server.clock().advance(Duration.ofMinutes(4));
        Thread.sleep(500);
        assertThat(vault.describe(standard).statusCode()).isEqualTo(StatusCode.IN_PROGRESS);

        server.clock().advance(Duration.ofMinutes(1));
        assertThat(vault.awaitCompleted(standard).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(vault.describe(bulk).statusCode()).isEqualTo(StatusCode.IN_PROGRESS);
    }

    @Test
    void multipartArchiveRestoredInRangesMatchesIndependentTreeHashes() throws Exception {
        JobTestVault vault = start(JobSettings.defaults());
        byte[] data = JobTestVault.pattern(5 * MIB + 1000); // spec 6.2 (b): six chunks, carries at two levels
        String archiveId = vault.uploadMultipart(data, 2 * MIB, "multi");
        String jobId = vault.retrieve(archiveId);
        DescribeJobResponse d = vault.awaitCompleted(jobId);
        assertThat(d.archiveSHA256TreeHash()).isEqualTo("dce6a2b45485d7b95cf5be4c77ba47b85861460a4f320cbff82a10afc5ed305a");

        // 1 MiB chunks: each aligned, each inside one 2 MiB part (the server must read to hash it).
        List<byte[]> chunkHashes = new ArrayList<>();
        byte[] restored = new byte[data.length];
        for (int off = 0; off < data.length; off += MIB) {
            int last = Math.min(data.length, off + MIB) - 1;
            ResponseBytes<GetJobOutputResponse> out = vault.output(jobId, "bytes=" + off + "-" + last);
            byte[] chunk = out.asByteArray();
            assertThat(out.response().status()).isEqualTo(206);
            assertThat(out.response().contentRange()).isEqualTo("bytes " + off + "-" + last + "/" + data.length);
            assertThat(out.response().checksum()).isEqualTo(ReferenceTreeHash.of(chunk));
            chunkHashes.add(HexFormat.of().parseHex(out.response().checksum()));
            System.arraycopy(chunk, 0, restored, off, chunk.length);
        }
        assertThat(restored).isEqualTo(data);
        assertThat(fold(chunkHashes)).isEqualTo(d.archiveSHA256TreeHash());

        // Whole parts, and the open-ended last node.
        for (String range : List.of("bytes=0-2097151", "bytes=2097152-4194303", "bytes=0-4194303", "bytes=4194304-")) {
            ResponseBytes<GetJobOutputResponse> out = vault.output(jobId, range);
            int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            assertThat(out.asByteArray()).as(range).isEqualTo(Arrays.copyOfRange(data, from, from + out.asByteArray().length));
            assertThat(out.response().checksum()).as(range).isEqualTo(ReferenceTreeHash.of(out.asByteArray()));
        }
        // Megabyte aligned but not a node of the tree: no hash.
        ResponseBytes<GetJobOutputResponse> unaligned = vault.output(jobId, "bytes=1048576-3145727");
        assertThat(unaligned.response().checksum()).isNull();
        assertThat(unaligned.asByteArray()).isEqualTo(Arrays.copyOfRange(data, MIB, 3 * MIB));
        ResponseBytes<GetJobOutputResponse> odd = vault.output(jobId, "bytes=10-99");
        assertThat(odd.response().checksum()).isNull();
        assertThat(odd.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 10, 100));

        String beyond = "bytes=" + data.length + "-" + (data.length + 10);
        ExpectedError.of(() -> vault.output(jobId, beyond), 400, "InvalidParameterValueException",
                "The start of the range is larger than size of retrieved data: " + beyond);
        ResponseBytes<GetJobOutputResponse> malformed = vault.output(jobId, "bytes 0-4194303/235812776");
        assertThat(malformed.response().status()).isEqualTo(200);
        assertThat(malformed.asByteArray()).isEqualTo(data);
    }

    @Test
    void rangedRetrievalsGiveTheRangeTreeHashOnlyWhenAligned() throws Exception {
        JobTestVault vault = start(JobSettings.defaults());
        byte[] data = JobTestVault.pattern(5 * MIB + 1000);
        String archiveId = vault.uploadMultipart(data, 2 * MIB, null);

        String tail = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId)
                .retrievalByteRange("4194304-" + (data.length - 1)));
        DescribeJobResponse d = vault.awaitCompleted(tail);
        byte[] tailBytes = Arrays.copyOfRange(data, 4 * MIB, data.length);
        assertThat(d.retrievalByteRange()).isEqualTo("4194304-" + (data.length - 1));
        assertThat(d.sha256TreeHash()).isEqualTo(ReferenceTreeHash.of(tailBytes));
        ResponseBytes<GetJobOutputResponse> out = vault.output(tail, null);
        assertThat(out.asByteArray()).isEqualTo(tailBytes);
        assertThat(out.response().checksum()).isEqualTo(ReferenceTreeHash.of(tailBytes));
        assertThat(out.response().archiveDescription()).isNull();

        // Inside one part: only the bytes give the hash, computed when the job completes.
        String inner = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId)
                .retrievalByteRange("1048576-2097151"));
        assertThat(vault.awaitCompleted(inner).sha256TreeHash())
                .isEqualTo(ReferenceTreeHash.of(Arrays.copyOfRange(data, MIB, 2 * MIB)));
        assertThat(vault.output(inner, null).asByteArray()).isEqualTo(Arrays.copyOfRange(data, MIB, 2 * MIB));

        // Megabyte but not tree-hash aligned: no hash, not even for an aligned part of it (boto#2509).
        String unaligned = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId)
                .retrievalByteRange("2097152-" + (data.length - 1)));
        assertThat(vault.awaitCompleted(unaligned).sha256TreeHash()).isNull();
        ResponseBytes<GetJobOutputResponse> part = vault.output(unaligned, "bytes=0-2097151");
        assertThat(part.response().checksum()).isNull();
        assertThat(part.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 2 * MIB, 4 * MIB));
    }

    @Test
    void outputSurvivesDeletionOfTheArchiveAndExpiresWithItsBlobs() throws Exception {
        JobTestVault vault = start(MINUTES);
        byte[] data = JobTestVault.pattern(2 * MIB + 5);
        String archiveId = vault.upload(data, null);
        String jobId = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited"));
        vault.awaitCompleted(jobId);
        vault.glacier.deleteArchive(b -> b.accountId("-").vaultName(vault.name).archiveId(archiveId));
        assertThat(server.blobFileCount()).isEqualTo(1);

        ResponseBytes<GetJobOutputResponse> out = vault.output(jobId, null);
        assertThat(out.asByteArray()).isEqualTo(data);
        assertThat(out.response().checksum()).isEqualTo(ReferenceTreeHash.of(data));

        server.clock().advance(Duration.ofMinutes(5));
        ExpectedError.of(() -> vault.describe(jobId), 404, "ResourceNotFoundException",
                "The job ID was not found: " + jobId);
        ExpectedError.of(() -> vault.output(jobId, null), 404, "ResourceNotFoundException",
                "The job ID was not found: " + jobId);
        assertThat(vault.jobs()).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.blobFileCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.blobFileCount()).as("the expired job released the deleted archive's blob").isZero();
    }

    @Test
    void expiryKeepsBlobsOfArchivesThatStillExist() throws Exception {
        JobTestVault vault = start(MINUTES);
        byte[] data = JobTestVault.pattern(1234);
        String archiveId = vault.upload(data, null);
        String jobId = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited"));
        vault.awaitCompleted(jobId);
        server.clock().advance(Duration.ofMinutes(6));
        Thread.sleep(500);
        ExpectedError.of(() -> vault.describe(jobId), 404, "ResourceNotFoundException");
        assertThat(server.blobFileCount()).isEqualTo(1);
        String again = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited"));
        vault.awaitCompleted(again);
        assertThat(vault.output(again, null).asByteArray()).isEqualTo(data);
    }

    @Test
    void deletingTheVaultReleasesWhatItsJobsHeld() throws Exception {
        JobTestVault vault = start(JobSettings.defaults());
        String archiveId = vault.upload(JobTestVault.pattern(5000), null);
        vault.awaitCompleted(vault.retrieve(archiveId));
        vault.awaitCompleted(vault.start(p -> p.type("inventory-retrieval")));
        vault.glacier.deleteArchive(b -> b.accountId("-").vaultName(vault.name).archiveId(archiveId));
        assertThat(server.blobFileCount()).as("archive blob kept by the job, plus the inventory").isEqualTo(2);
        vault.glacier.deleteVault(b -> b.accountId("-").vaultName(vault.name));
        assertThat(server.blobFileCount()).isZero();
    }

    @Test
    void inProgressJobFailsWhenItsArchiveIsDeleted() throws Exception {
        JobTestVault vault = start(MINUTES);
        String archiveId = vault.upload(JobTestVault.pattern(100), null);
        String jobId = vault.retrieve(archiveId);
        vault.glacier.deleteArchive(b -> b.accountId("-").vaultName(vault.name).archiveId(archiveId));
        server.clock().advance(Duration.ofMinutes(5));
        DescribeJobResponse d = vault.awaitCompleted(jobId);
        assertThat(d.statusCode()).isEqualTo(StatusCode.FAILED);
        assertThat(d.statusMessage()).isEqualTo("The archive was deleted.");
        assertThat(d.completionDate()).isNotNull();
        assertThat(d.archiveId()).isEqualTo(archiveId);
        ExpectedError.of(() -> vault.output(jobId, null), 400, "InvalidParameterValueException",
                "The job is not currently available for download: " + jobId);
    }

    @Test
    void jobsSurviveARestart() throws Exception {
        JobTestVault vault = start(MINUTES);
        byte[] data = JobTestVault.pattern(MIB + 3);
        String archiveId = vault.upload(data, "kept");
        String done = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited"));
        vault.awaitCompleted(done);
        String pending = vault.retrieve(archiveId);

        server.restart();
        JobTestVault after = new JobTestVault(server.client(), "restores-2");
        JobTestVault same = sameVault(after, vault);
        assertThat(same.output(done, null).asByteArray()).isEqualTo(data);
        assertThat(same.describe(pending).statusCode()).isEqualTo(StatusCode.IN_PROGRESS);
        server.clock().advance(Duration.ofMinutes(5));
        assertThat(same.awaitCompleted(pending).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(same.output(pending, null).asByteArray()).isEqualTo(data);
    }

    private static JobTestVault sameVault(JobTestVault fresh, JobTestVault old) {
        // JobTestVault creates its vault; CreateVault is idempotent, so re-opening the old name is safe.
        return new JobTestVault(fresh.glacier, old.name);
    }

    @EmbeddedOnly("damages the blob file in the data directory; on S3 the blobs are objects of the bucket")
    @Test
    void corruptedBytesBreakTheTransferInsteadOfArrivingWrong() throws Exception {
        JobTestVault vault = start(JobSettings.defaults());
        byte[] data = JobTestVault.pattern(2 * MIB + 5);
        String archiveId = vault.upload(data, null);
        String jobId = vault.retrieve(archiveId);
        vault.awaitCompleted(jobId);
        corrupt(onlyBlobFile(), 100);

        Throwable failure = catchThrowable(() -> vault.output(jobId, null));
        assertThat(failure).as("a download of corrupted bytes must not succeed").isNotNull();
    }

    @EmbeddedOnly("damages a part blob file in the data directory; on S3 the blobs are objects of the bucket")
    @Test
    void eachWholePartIsVerifiedOnItsOwn() throws Exception {
        JobTestVault vault = start(JobSettings.defaults());
        byte[] data = JobTestVault.pattern(4 * MIB);
        String archiveId = vault.uploadMultipart(data, 2 * MIB, null);
        String jobId = vault.retrieve(archiveId);
        vault.awaitCompleted(jobId);
        byte[] secondPart = Arrays.copyOfRange(data, 2 * MIB, 4 * MIB);
        Path blob;
        try (Stream<Path> files = Files.walk(server.dataDir().resolve("blobs"))) {
            blob = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Arrays.equals(Files.readAllBytes(p), secondPart);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        corrupt(blob, 2 * MIB - 1);

        assertThat(vault.output(jobId, "bytes=0-2097151").asByteArray()).isEqualTo(Arrays.copyOf(data, 2 * MIB));
        assertThat(catchThrowable(() -> vault.output(jobId, "bytes=2097152-4194303"))).isNotNull();
        assertThat(catchThrowable(() -> vault.output(jobId, null))).isNotNull();
    }

    private static void corrupt(Path blob, int offset) throws IOException {
        byte[] stored = Files.readAllBytes(blob);
        stored[offset] ^= 1;
        Files.write(blob, stored);
    }

    private Path onlyBlobFile() throws IOException {
        Path blobs = server.dataDir().resolve("blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            List<Path> found = files.filter(Files::isRegularFile).filter(p -> !p.startsWith(blobs.resolve("tmp")))
                    .filter(p -> p.getFileName().toString().indexOf('.') < 0) // not the archive's manifest
                    .toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    private static String fold(List<byte[]> hashes) {
        return ReferenceTreeHash.fold(hashes);
    }
}
