package io.permafrost.it;

import io.permafrost.testing.TestServer;
import io.permafrost.vault.JobSettings;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;
import software.amazon.awssdk.services.glacier.model.JobParameters;
import software.amazon.awssdk.services.glacier.model.ListJobsResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rejected InitiateJob/DescribeJob/ListJobs/GetJobOutput input: exact error, and no job created. */
class JobValidationIT {
    private static final String INVALID = "InvalidParameterValueException";
    private static TestServer server;
    private static JobTestVault vault;
    private static String archiveId;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(List.of(), c -> c.withJobs(new JobSettings(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(24))));
        vault = new JobTestVault(server.client(), "checks");
        archiveId = vault.upload(JobTestVault.pattern(3 * 1024 * 1024 + 10), null);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void rejected(Consumer<JobParameters.Builder> parameters, int status, String code, String message) {
        List<GlacierJobDescription> before = vault.jobs();
        ExpectedError.of(() -> vault.start(parameters), status, code, message);
        assertThat(vault.jobs()).as("nothing created").isEqualTo(before);
    }

    private static void invalid(Consumer<JobParameters.Builder> parameters, String message) {
        rejected(parameters, 400, INVALID, message);
    }

    @Test
    void missingType() {
        rejected(p -> p.archiveId(archiveId), 400, "MissingParameterValueException", "Required parameter missing: type");
    }

    @Test
    void unknownAndUnsupportedTypes() {
        invalid(p -> p.type("restore"), "Invalid job type: restore");
        invalid(p -> p.type("select").archiveId(archiveId), "Select jobs are not supported by this server.");
    }

    @Test
    void archiveRetrievalNeedsAnExistingArchiveOfThisVault() throws Exception {
        rejected(p -> p.type("archive-retrieval"), 400, "MissingParameterValueException",
                "Required parameter missing: archive ID");
        rejected(p -> p.type("archive-retrieval").archiveId("nope"), 404, "ResourceNotFoundException",
                "The archive ID was not found: nope");
        JobTestVault other = new JobTestVault(server.client(), "other-vault");
        List<GlacierJobDescription> before = other.jobs();
        ExpectedError.of(() -> other.retrieve(archiveId), 404, "ResourceNotFoundException",
                "The archive ID was not found: " + archiveId);
        assertThat(other.jobs()).isEqualTo(before);
    }

    @Test
    void retrievalByteRangeMustBeMegabyteAlignedAndInsideTheArchive() {
        String align = "Invalid RetrievalByteRange: %s. The range must be megabyte aligned: it must start at a multiple "
                + "of 1048576 bytes and end one byte before a multiple of 1048576 or at the end of the archive.";
        for (String range : List.of("1-1048575", "0-1048574", "1048576-2097150")) {
            invalid(p -> p.type("archive-retrieval").archiveId(archiveId).retrievalByteRange(range),
                    String.format(align, range));
        }
        for (String range : List.of("0-3145738", "2097152-1048575")) {
            invalid(p -> p.type("archive-retrieval").archiveId(archiveId).retrievalByteRange(range),
                    "Invalid RetrievalByteRange: " + range + ". The range must lie within the archive of 3145738 bytes.");
        }
        for (String range : List.of("abc", "0-", "-5", "0 - 1048575")) {
            invalid(p -> p.type("archive-retrieval").archiveId(archiveId).retrievalByteRange(range),
                    "Invalid RetrievalByteRange: " + range + ". The range must be given as start-end in bytes, inclusive.");
        }
    }

    @Test
    void tierFormatTopicAndDescription() {
        invalid(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Fast"),
                "Invalid Tier: Fast. Valid values are Expedited, Standard and Bulk.");
        invalid(p -> p.type("inventory-retrieval").tier("standard"),
                "Invalid Tier: standard. Valid values are Expedited, Standard and Bulk.");
        invalid(p -> p.type("inventory-retrieval").format("XML"), "Invalid Format: XML. Valid values are JSON and CSV.");
        invalid(p -> p.type("inventory-retrieval").format("json"), "Invalid Format: json. Valid values are JSON and CSV.");
        invalid(p -> p.type("archive-retrieval").archiveId(archiveId).snsTopic("my-topic"),
                "Invalid SNSTopic: my-topic. The topic must be an SNS topic ARN.");
        invalid(p -> p.type("archive-retrieval").archiveId(archiveId).description("caf\u00e9"),
                "Invalid job description: character at position 3 is not printable ASCII (0x20-0x7E)");
        invalid(p -> p.type("inventory-retrieval").description("x".repeat(1025)),
                "Invalid job description: longer than 1024 characters");
    }

    @Test
    void archiveMembersAreNotAllowedOnInventoryJobs() {
        invalid(p -> p.type("inventory-retrieval").archiveId(archiveId),
                "The ArchiveId parameter is not allowed for inventory-retrieval jobs.");
        invalid(p -> p.type("inventory-retrieval").retrievalByteRange("0-1048575"),
                "The RetrievalByteRange parameter is not allowed for inventory-retrieval jobs.");
    }

    @Test
    void inventoryParametersAreChecked() {
        invalid(p -> p.type("inventory-retrieval").inventoryRetrievalParameters(i -> i.startDate("yesterday")),
                "Invalid StartDate: yesterday. Dates must be ISO 8601, for example 2013-03-20T17:03:43Z.");
        invalid(p -> p.type("inventory-retrieval").inventoryRetrievalParameters(i -> i.endDate("2013-13-01T00:00:00Z")),
                "Invalid EndDate: 2013-13-01T00:00:00Z. Dates must be ISO 8601, for example 2013-03-20T17:03:43Z.");
        invalid(p -> p.type("inventory-retrieval").inventoryRetrievalParameters(i -> i
                        .startDate("2013-03-20T17:03:43Z").endDate("2013-03-20T17:03:43Z")),
                "Invalid inventory date range: StartDate 2013-03-20T17:03:43Z must be earlier than EndDate "
                        + "2013-03-20T17:03:43Z.");
        for (String limit : List.of("0", "-1", "ten", "1.5")) {
            invalid(p -> p.type("inventory-retrieval").inventoryRetrievalParameters(i -> i.limit(limit)),
                    "Invalid Limit: " + limit + ". The limit must be a positive integer.");
        }
        invalid(p -> p.type("inventory-retrieval").inventoryRetrievalParameters(i -> i.marker("garbage")),
                "Invalid Marker: garbage. Use the Marker of a previous inventory job of this vault.");
    }

    @Test
    void unknownJobs() {
        ExpectedError.of(() -> vault.describe("no-such-job"), 404, "ResourceNotFoundException",
                "The job ID was not found: no-such-job");
        ExpectedError.of(() -> vault.output("no-such-job", null), 404, "ResourceNotFoundException",
                "The job ID was not found: no-such-job");
        ExpectedError.of(() -> server.client().describeJob(b -> b.accountId("-").vaultName("missing").jobId("x")),
                404, "ResourceNotFoundException", "Vault not found for ARN: arn:aws:glacier:us-east-1:111122223333:vaults/missing");
    }

    @Test
    void jobOfAnotherVaultIsNotFound() throws Exception {
        JobTestVault other = new JobTestVault(server.client(), "elsewhere");
        String jobId = vault.start(p -> p.type("inventory-retrieval"));
        ExpectedError.of(() -> other.describe(jobId), 404, "ResourceNotFoundException",
                "The job ID was not found: " + jobId);
    }

    @Test
    void listJobsPagesAndFilters() throws Exception {
        JobTestVault v = new JobTestVault(server.client(), "listing");
        String archive = v.upload(JobTestVault.pattern(10), null);
        List<String> ids = new ArrayList<>();
        ids.add(v.start(p -> p.type("inventory-retrieval")));
        server.clock().advance(Duration.ofMillis(5));
        ids.add(v.retrieve(archive));
        server.clock().advance(Duration.ofMillis(5));
        ids.add(v.start(p -> p.type("inventory-retrieval").format("CSV")));
        v.awaitCompleted(ids.get(0));
        v.awaitCompleted(ids.get(2));

        ListJobsResponse first = v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).limit("2"));
        assertThat(first.jobList()).extracting(GlacierJobDescription::jobId).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.marker()).isNotNull();
        ListJobsResponse second = v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).limit("2")
                .marker(first.marker()));
        assertThat(second.jobList()).extracting(GlacierJobDescription::jobId).containsExactly(ids.get(2));
        assertThat(second.marker()).isNull();
        assertThat(v.glacier.listJobsPaginator(b -> b.accountId("-").vaultName(v.name).limit("1")).jobList())
                .extracting(GlacierJobDescription::jobId).containsExactlyElementsOf(ids);

        assertThat(v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).statuscode("InProgress")).jobList())
                .extracting(GlacierJobDescription::jobId).containsExactly(ids.get(1));
        assertThat(v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).statuscode("Succeeded")).jobList())
                .extracting(GlacierJobDescription::jobId).containsExactly(ids.get(0), ids.get(2));
        assertThat(v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).completed("false")).jobList())
                .extracting(GlacierJobDescription::jobId).containsExactly(ids.get(1));
        assertThat(v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).completed("true")
                .statuscode("InProgress")).jobList()).isEmpty();
        assertThat(v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).statuscode("Failed")).jobList()).isEmpty();

        listRejected(() -> v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).statuscode("Done")),
                "The job status code is not valid: Done");
        listRejected(() -> v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).completed("yes")),
                "The completed value is not valid: yes. Valid values are true and false.");
        listRejected(() -> v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).marker("not-a-marker")),
                "Invalid marker: not-a-marker");
        listRejected(() -> v.glacier.listJobs(b -> b.accountId("-").vaultName(v.name).limit("0")),
                "Invalid limit: 0. The limit must be a positive integer.");
    }

    private static void listRejected(ThrowingCallable call, String message) {
        ExpectedError.of(call, 400, INVALID, message);
    }
}
