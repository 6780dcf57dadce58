package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.AtRestDamage;
import io.permafrost.testing.DataDirAudit;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.SharedServerTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.util.Arrays;
import java.util.List;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Stored bytes damaged at rest never leave the server as a successful answer, whatever range of the
 * job output is asked for: a range touching a damaged MiB fails (with a Glacier error when the damage
 * is in the first MiB it reads), a range of undamaged MiBs still comes back right. Archives in files,
 * inline in the metadata database, multipart, and stored before chunk hashes were recorded.
 */
@EmbeddedOnly("damages blob files and SQLite rows at rest")
class DamagedJobOutputIT extends SharedServerTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void rangesTouchingTheDamagedMibFailAndTheOthersComeBackRight() throws Exception {
        JobTestVault vault = new JobTestVault(glacier, "damaged-file");
        byte[] data = JobTestVault.pattern(3 * MIB);
        String archiveId = uploadDamagedAt(vault, data, 1000);
        String jobId = retrieved(vault, archiveId);

        for (String range : List.of("bytes=0-1048575", "bytes=0-199", "bytes=50-150", "bytes=1000-1003")) {
            assertDamaged(vault, jobId, archiveId, range, "0-1048575");
        }
        // The whole archive, and a range running into the damaged MiB from a clean one.
        assertFails(vault, jobId, null, "bytes=1048000-1049000");
        assertRight(vault, jobId, data, "1048576-2097151", "2097152-3145727", "1048576-3145727", "1048626-1048726",
                "3145000-3145727");
    }

    @Test
    void aRetrievalByteRangeJobGetsTheTrueTreeHashAndNoDamagedBytes() throws Exception {
        JobTestVault vault = new JobTestVault(glacier, "damaged-range-job");
        byte[] data = JobTestVault.pattern(3 * MIB);
        String archiveId = uploadDamagedAt(vault, data, 1000);

        String damagedJob = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId)
                .retrievalByteRange("0-1048575"));
        var described = vault.awaitCompleted(damagedJob);
        assertThat(described.statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(described.sha256TreeHash()).as("the tree hash of the bytes as uploaded, not as damaged")
                .isEqualTo(ReferenceTreeHash.of(Arrays.copyOf(data, MIB)));
        assertDamaged(vault, damagedJob, archiveId, null, "0-1048575");
        assertDamaged(vault, damagedJob, archiveId, "bytes=0-199", "0-1048575");

        String cleanJob = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId)
                .retrievalByteRange("1048576-3145727"));
        assertThat(vault.awaitCompleted(cleanJob).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        assertThat(vault.output(cleanJob, null).asByteArray()).isEqualTo(Arrays.copyOfRange(data, MIB, 3 * MIB));
        assertThat(vault.output(cleanJob, "bytes=0-199").asByteArray())
                .isEqualTo(Arrays.copyOfRange(data, MIB, MIB + 200));
    }

    @Test
    void anInlineArchiveDamagedInTheDatabaseIsNotServed() throws Exception {
        JobTestVault vault = new JobTestVault(glacier, "damaged-inline");
        String archiveId = uploadDamagedAt(vault, JobTestVault.pattern(40_000), 30_000);
        assertThat(segments(archiveId).get(0).blobId()).as("kept inline").startsWith("i");
        String jobId = retrieved(vault, archiveId);

        for (String range : List.of("bytes=0-199", "bytes=50-150", "bytes=39000-39999")) {
            assertDamaged(vault, jobId, archiveId, range, "0-39999");
        }
        assertDamaged(vault, jobId, archiveId, null, "0-39999");
    }

    @Test
    void aDamagedMibOfOnePartFailsOnlyTheRangesTouchingIt() throws Exception {
        JobTestVault vault = new JobTestVault(glacier, "damaged-multipart");
        byte[] data = JobTestVault.pattern(4 * MIB + 100);
        String archiveId = vault.uploadMultipart(data, 2 * MIB, null);
        List<DataDirAudit.Segment> segments = segments(archiveId);
        assertThat(segments).hasSize(3);
        damage(archiveId, 1, MIB + 10); // archive byte 3 MiB + 10: the second MiB of the second part
        String jobId = retrieved(vault, archiveId);

        assertDamaged(vault, jobId, archiveId, "bytes=3145728-3145927", "3145728-4194303");
        assertDamaged(vault, jobId, archiveId, "bytes=3145778-3145878", "3145728-4194303");
        assertDamaged(vault, jobId, archiveId, "bytes=3145728-4194303", "3145728-4194303");
        assertFails(vault, jobId, "bytes=2097152-4194303", null);
        assertRight(vault, jobId, data, "0-2097151", "2097152-3145727", "2097200-2097300", "4194304-4194403");
    }

    @Test
    void anArchiveStoredBeforeChunkHashesIsVerifiedWhole() throws Exception {
        JobTestVault vault = new JobTestVault(glacier, "damaged-legacy");
        byte[] data = JobTestVault.pattern(3 * MIB);
        String archiveId = uploadDamagedAt(vault, data, 100);
        new AtRestDamage(server.dataDir()).forgetLeafHashes();
        String jobId = retrieved(vault, archiveId);

        // Without chunk hashes the whole blob is checked and the requested bytes are held back until it is:
        // the damage is found, but not where, and not before the answer has started when the blob is large.
        assertFails(vault, jobId, "bytes=0-199", "bytes=50-150", "bytes=0-1048575", "bytes=1048576-2097151", null);
    }

    @Test
    void aDamagedInventoryIsNotServedInAnyRange() throws Exception {
        JobTestVault vault = new JobTestVault(glacier, "damaged-inventory");
        vault.upload(JobTestVault.pattern(100), "listed");
        String jobId = vault.start(p -> p.type("inventory-retrieval"));
        assertThat(vault.awaitCompleted(jobId).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        int size = vault.output(jobId, null).asByteArray().length;
        AtRestDamage damage = new AtRestDamage(server.dataDir());
        damage.zero(damage.blobId("SELECT output_blob_id FROM jobs WHERE id = ?", jobId), size / 2, 4);

        for (String range : new String[] {"bytes=0-99", "bytes=" + (size / 2) + "-" + (size / 2 + 9), null}) {
            assertGlacierError(() -> vault.output(jobId, range), "ServiceUnavailableException", 500,
                    "Bytes 0-" + (size - 1) + " of the inventory of job " + jobId + " are damaged in storage "
                            + "on this server and are not served; the damage has been logged.");
        }
    }

    /** Uploads the data as one archive, then damages 4 of its stored bytes from {@code offset} on. */
    private String uploadDamagedAt(JobTestVault vault, byte[] data, int offset) throws Exception {
        String archiveId = vault.upload(data, null);
        damage(archiveId, 0, offset);
        return archiveId;
    }

    private void damage(String archiveId, int segment, int offset) throws Exception {
        new AtRestDamage(server.dataDir()).zero(segments(archiveId).get(segment).blobId(), offset, 4);
    }

    private static List<DataDirAudit.Segment> segments(String archiveId) throws Exception {
        return DataDirAudit.of(server.dataDir()).archives().get(archiveId).segments();
    }

    private static String retrieved(JobTestVault vault, String archiveId) throws InterruptedException {
        String jobId = vault.retrieve(archiveId);
        assertThat(vault.awaitCompleted(jobId).statusCode()).isEqualTo(StatusCode.SUCCEEDED);
        return jobId;
    }

    /** The damage is in the first MiB the range reads: the server answers an error before sending anything. */
    private static void assertDamaged(JobTestVault vault, String jobId, String archiveId, String range,
                                      String damagedBytes) {
        assertGlacierError(() -> vault.output(jobId, range), "ServiceUnavailableException", 500,
                "Bytes " + damagedBytes + " of archive " + archiveId + " (job " + jobId + ") are damaged in storage "
                        + "on this server and are not served; the damage has been logged.");
    }

    /** Each range ("first-last") of undamaged bytes comes back right, with the right tree hash when it has one. */
    private static void assertRight(JobTestVault vault, String jobId, byte[] data, String... ranges) {
        for (String range : ranges) {
            String[] bounds = range.split("-");
            byte[] expected = Arrays.copyOfRange(data, Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]) + 1);
            ResponseBytes<GetJobOutputResponse> output = vault.output(jobId, "bytes=" + range);
            assertThat(output.response().sdkHttpResponse().statusCode()).isEqualTo(206);
            assertThat(output.asByteArray()).as("bytes %s", range).isEqualTo(expected);
            if (output.response().checksum() != null) {
                assertThat(output.response().checksum()).as("tree hash of %s", range)
                        .isEqualTo(ReferenceTreeHash.of(expected));
            }
        }
    }

    /** Each Range header (null: the whole output) fails one way or another: an error or a transfer cut short. */
    private static void assertFails(JobTestVault vault, String jobId, String... ranges) {
        for (String range : ranges) {
            assertThat(catchThrowable(() -> vault.output(jobId, range))).as("range %s", range).isNotNull();
        }
    }
}
