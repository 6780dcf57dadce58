package io.permafrost.it;

import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.CreateVaultResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;
import software.amazon.awssdk.services.glacier.model.ListVaultsResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** CreateVault, DescribeVault, ListVaults, DeleteVault through the SDK (spec 7). */
class VaultsIT {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static TestServer server;
    private static GlacierClient glacier;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(List.of(Credential.permanent("OTHERKEY", "other-secret", Caller.root(OTHER_ACCOUNT))),
                c -> c);
        glacier = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String arn(String account, String vault) {
        return "arn:aws:glacier:us-east-1:" + account + ":vaults/" + vault;
    }

    private static DescribeVaultResponse describe(String vault) {
        return glacier.describeVault(b -> b.accountId("-").vaultName(vault));
    }

    private static String upload(String vault, byte[] data) {
        return glacier.uploadArchive(b -> b.accountId("-").vaultName(vault).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
    }

    @Test
    void createVaultAnswers201WithTheRealAccountInLocation() {
        CreateVaultResponse dash = glacier.createVault(b -> b.accountId("-").vaultName("created-dash"));
        assertThat(dash.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(dash.location()).isEqualTo("/" + ACCOUNT + "/vaults/created-dash");

        CreateVaultResponse explicit = glacier.createVault(b -> b.accountId(ACCOUNT).vaultName("created-explicit"));
        assertThat(explicit.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(explicit.location()).isEqualTo("/" + ACCOUNT + "/vaults/created-explicit");
        assertThat(glacier.describeVault(b -> b.accountId(ACCOUNT).vaultName("created-dash")).vaultName())
                .isEqualTo("created-dash");
    }

    @Test
    void describeVaultReturnsEveryFieldForANewVault() {
        Instant created = server.clock().instant();
        glacier.createVault(b -> b.accountId("-").vaultName("described"));
        DescribeVaultResponse d = describe("described");
        assertThat(d.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(d.vaultName()).isEqualTo("described");
        assertThat(d.vaultARN()).isEqualTo(arn(ACCOUNT, "described"));
        assertThat(d.creationDate()).isEqualTo(MILLIS.format(created));
        assertThat(d.lastInventoryDate()).isNull();
        assertThat(d.numberOfArchives()).isZero();
        assertThat(d.sizeInBytes()).isZero();
    }

    @Test
    void createVaultIsIdempotentAndChangesNothing() {
        glacier.createVault(b -> b.accountId("-").vaultName("idempotent"));
        glacier.addTagsToVault(b -> b.accountId("-").vaultName("idempotent").tags(Map.of("team", "blue")));
        upload("idempotent", "kept".getBytes(StandardCharsets.UTF_8));
        DescribeVaultResponse before = describe("idempotent");
        server.clock().advance(Duration.ofMinutes(5));

        CreateVaultResponse again = glacier.createVault(b -> b.accountId("-").vaultName("idempotent"));

        assertThat(again.sdkHttpResponse().statusCode()).isEqualTo(201);
        assertThat(again.location()).isEqualTo("/" + ACCOUNT + "/vaults/idempotent");
        DescribeVaultResponse after = describe("idempotent");
        assertThat(after.creationDate()).isEqualTo(before.creationDate());
        assertThat(after.numberOfArchives()).isEqualTo(1);
        assertThat(after.sizeInBytes()).isEqualTo(4);
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName("idempotent")).tags())
                .containsExactly(Map.entry("team", "blue"));
    }

    @Test
    void vaultNamesFollowTheRules() {
        String longest = "n".repeat(255);
        glacier.createVault(b -> b.accountId("-").vaultName(longest));
        glacier.createVault(b -> b.accountId("-").vaultName("Az09_-.x"));
        assertThat(describe(longest).vaultName()).isEqualTo(longest);
        assertThat(describe("Az09_-.x").vaultARN()).isEqualTo(arn(ACCOUNT, "Az09_-.x"));
        // Names are case-sensitive: a different case is a different vault.
        assertGlacierError(() -> describe("AZ09_-.X"), "ResourceNotFoundException", 404,
                "Vault not found for ARN: " + arn(ACCOUNT, "AZ09_-.X"));
    }

    @Test
    void invalidVaultNamesAreRejectedAndCreateNothing() {
        int vaultsBefore = allVaultNames(glacier).size();
        for (String bad : List.of("n".repeat(256), "bad*name", "with space", "caf\u00e9", "semi;colon")) {
            assertGlacierError(() -> glacier.createVault(b -> b.accountId("-").vaultName(bad)),
                    "InvalidParameterValueException", 400, "Invalid vault name: " + bad);
        }
        assertThat(allVaultNames(glacier)).hasSize(vaultsBefore);
    }

    @Test
    void describingAMissingVaultIsNotFound() {
        assertGlacierError(() -> describe("never-created"), "ResourceNotFoundException", 404,
                "Vault not found for ARN: " + arn(ACCOUNT, "never-created"));
        // An illegal name on a read is reported as not found, naming the raw name (spec 4.4).
        assertGlacierError(() -> describe("bad*name"), "ResourceNotFoundException", 404,
                "Vault not found for ARN: bad*name");
    }

    @Test
    void deleteVaultIsRefusedWhileItHoldsArchivesAndAllowedAfter() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName("doomed"));
        String archiveId = upload("doomed", "x".getBytes(StandardCharsets.UTF_8));
        long blobs = server.blobFileCount();

        assertGlacierError(() -> glacier.deleteVault(b -> b.accountId("-").vaultName("doomed")),
                "InvalidParameterValueException", 400, "Vault not empty or recently written to: " + arn(ACCOUNT, "doomed"));
        assertThat(describe("doomed").numberOfArchives()).isEqualTo(1);
        assertThat(server.blobFileCount()).isEqualTo(blobs);

        glacier.deleteArchive(b -> b.accountId("-").vaultName("doomed").archiveId(archiveId));
        var deleted = glacier.deleteVault(b -> b.accountId("-").vaultName("doomed"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertGlacierError(() -> describe("doomed"), "ResourceNotFoundException", 404,
                "Vault not found for ARN: " + arn(ACCOUNT, "doomed"));
        assertThat(allVaultNames(glacier)).doesNotContain("doomed");
        assertThat(server.blobFileCount()).isEqualTo(blobs - 1);
        // Deleting it again: the vault no longer exists (spec 7.4).
        assertGlacierError(() -> glacier.deleteVault(b -> b.accountId("-").vaultName("doomed")),
                "ResourceNotFoundException", 404, "Vault not found for ARN: " + arn(ACCOUNT, "doomed"));
    }

    @Test
    void deleteVaultDiscardsInProgressUploadsAndTheirParts() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName("with-upload"));
        long blobs = server.blobFileCount();
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("with-upload")
                .partSize("1048576")).uploadId();
        byte[] part = "part".getBytes(StandardCharsets.UTF_8);
        glacier.uploadMultipartPart(b -> b.accountId("-").vaultName("with-upload").uploadId(uploadId)
                .range("bytes 0-3/*").checksum(TreeHash.of(part)), RequestBody.fromBytes(part));
        assertThat(server.blobFileCount()).isEqualTo(blobs + 1);

        glacier.deleteVault(b -> b.accountId("-").vaultName("with-upload"));

        assertThat(server.blobFileCount()).isEqualTo(blobs);
        // A vault created again under the same name starts empty: the old upload is gone.
        glacier.createVault(b -> b.accountId("-").vaultName("with-upload"));
        assertThat(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("with-upload")).uploadsList()).isEmpty();
        assertGlacierError(() -> glacier.listParts(b -> b.accountId("-").vaultName("with-upload").uploadId(uploadId)),
                "ResourceNotFoundException", 404, "The upload ID was not found: " + uploadId);
    }

    @Test
    void countersAreExactThroughUploadsCompletionsAndDeletes() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName("counted"));
        String one = upload("counted", new byte[]{7});
        String thousand = upload("counted", new byte[1000]);
        byte[] big = new byte[2 * 1024 * 1024 + 3];
        Arrays.fill(big, (byte) 'b');
        upload("counted", big);
        assertCounters("counted", 3, 1 + 1000 + big.length);

        byte[] multipart = new byte[1024 * 1024 + 10];
        Arrays.fill(multipart, (byte) 'm');
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("counted")
                .partSize("1048576")).uploadId();
        byte[] first = Arrays.copyOfRange(multipart, 0, 1024 * 1024);
        byte[] second = Arrays.copyOfRange(multipart, 1024 * 1024, multipart.length);
        glacier.uploadMultipartPart(b -> b.accountId("-").vaultName("counted").uploadId(uploadId)
                .range("bytes 0-1048575/*").checksum(TreeHash.of(first)), RequestBody.fromBytes(first));
        glacier.uploadMultipartPart(b -> b.accountId("-").vaultName("counted").uploadId(uploadId)
                .range("bytes 1048576-1048585/*").checksum(TreeHash.of(second)), RequestBody.fromBytes(second));
        // Parts alone are not archives.
        assertCounters("counted", 3, 1 + 1000 + big.length);
        glacier.completeMultipartUpload(b -> b.accountId("-").vaultName("counted").uploadId(uploadId)
                .archiveSize(Long.toString(multipart.length)).checksum(TreeHash.of(multipart)));
        assertCounters("counted", 4, 1 + 1000 + big.length + multipart.length);

        glacier.deleteArchive(b -> b.accountId("-").vaultName("counted").archiveId(thousand));
        assertCounters("counted", 3, 1 + big.length + multipart.length);
        glacier.deleteArchive(b -> b.accountId("-").vaultName("counted").archiveId(thousand));
        assertCounters("counted", 3, 1 + big.length + multipart.length);
        glacier.deleteArchive(b -> b.accountId("-").vaultName("counted").archiveId(one));
        assertCounters("counted", 2, big.length + multipart.length);

        server.restart();
        // A new client: the old one's pooled connection died with the server.
        glacier = server.client();
        assertCounters("counted", 2, big.length + multipart.length);
    }

    private static void assertCounters(String vault, long archives, long bytes) {
        DescribeVaultResponse d = describe(vault);
        assertThat(d.numberOfArchives()).as("NumberOfArchives").isEqualTo(archives);
        assertThat(d.sizeInBytes()).as("SizeInBytes").isEqualTo(bytes);
        DescribeVaultOutput listed = allVaults(glacier).stream().filter(v -> v.vaultName().equals(vault))
                .findFirst().orElseThrow();
        assertThat(listed.numberOfArchives()).isEqualTo(archives);
        assertThat(listed.sizeInBytes()).isEqualTo(bytes);
    }

    private static List<DescribeVaultOutput> allVaults(GlacierClient client) {
        List<DescribeVaultOutput> all = new ArrayList<>();
        client.listVaultsPaginator(b -> b.accountId("-")).vaultList().forEach(all::add);
        return all;
    }

    private static List<String> allVaultNames(GlacierClient client) {
        return allVaults(client).stream().map(DescribeVaultOutput::vaultName).toList();
    }

    /** Names chosen so that ASCII order differs from case-insensitive and natural orders. */
    private static final List<String> MIXED_NAMES = List.of("b", "B", "a-1", "a.2", "Z", "_u", "0x", "9", "a",
            "A", "-dash", "zz", "a_");

    private static List<String> asciiSorted(List<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String::compareTo);
        return sorted;
    }

    @Test
    void listVaultsPagesInAsciiOrderThroughThePaginator() throws Exception {
        try (TestServer fresh = new TestServer()) {
            GlacierClient client = fresh.client();
            MIXED_NAMES.forEach(n -> client.createVault(b -> b.accountId("-").vaultName(n)));

            List<Integer> pageSizes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            client.listVaultsPaginator(b -> b.accountId("-").limit("5")).forEach(page -> {
                pageSizes.add(page.vaultList().size());
                page.vaultList().forEach(v -> names.add(v.vaultName()));
            });

            assertThat(names).containsExactlyElementsOf(asciiSorted(MIXED_NAMES));
            assertThat(pageSizes).containsExactly(5, 5, 3);
        }
    }

    @Test
    void listVaultsByHandWithLimitAndMarker() throws Exception {
        try (TestServer fresh = new TestServer()) {
            GlacierClient client = fresh.client();
            MIXED_NAMES.forEach(n -> client.createVault(b -> b.accountId("-").vaultName(n)));
            List<String> sorted = asciiSorted(MIXED_NAMES);

            // Default page is 10; Marker names the first vault not yet returned.
            ListVaultsResponse first = client.listVaults(b -> b.accountId("-"));
            assertThat(first.vaultList()).extracting(DescribeVaultOutput::vaultName).containsExactlyElementsOf(sorted.subList(0, 10));
            assertThat(first.marker()).isEqualTo(arn(ACCOUNT, sorted.get(10)));
            DescribeVaultOutput item = first.vaultList().get(0);
            assertThat(item.vaultARN()).isEqualTo(arn(ACCOUNT, item.vaultName()));
            assertThat(item.creationDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(item.numberOfArchives()).isZero();
            assertThat(item.sizeInBytes()).isZero();

            // The marker is inclusive: the next page starts at the vault it names.
            ListVaultsResponse rest = client.listVaults(b -> b.accountId("-").marker(first.marker()));
            assertThat(rest.vaultList()).extracting(DescribeVaultOutput::vaultName).containsExactlyElementsOf(sorted.subList(10, 13));
            assertThat(rest.marker()).isNull();

            ListVaultsResponse two = client.listVaults(b -> b.accountId("-").limit("2").marker(arn(ACCOUNT, sorted.get(4))));
            assertThat(two.vaultList()).extracting(DescribeVaultOutput::vaultName).containsExactlyElementsOf(sorted.subList(4, 6));
            assertThat(two.marker()).isEqualTo(arn(ACCOUNT, sorted.get(6)));

            // A marker naming no vault resumes at the first name after it.
            ListVaultsResponse after = client.listVaults(b -> b.accountId("-").limit("1").marker(arn(ACCOUNT, "a0")));
            assertThat(after.vaultList()).extracting(DescribeVaultOutput::vaultName).containsExactly("a_");

            // A limit above the maximum is clamped to 10; an empty marker starts from the beginning.
            ListVaultsResponse clamped = client.listVaults(b -> b.accountId("-").limit("100").marker(""));
            assertThat(clamped.vaultList()).hasSize(10);
            assertThat(clamped.vaultList().get(0).vaultName()).isEqualTo(sorted.get(0));

            assertGlacierError(() -> client.listVaults(b -> b.accountId("-").limit("0")),
                    "InvalidParameterValueException", 400, "Invalid limit: 0. The limit must be a positive integer.");
            assertGlacierError(() -> client.listVaults(b -> b.accountId("-").limit("ten")),
                    "InvalidParameterValueException", 400, "Invalid limit: ten. The limit must be a positive integer.");
            assertGlacierError(() -> client.listVaults(b -> b.accountId("-").marker("not-an-arn")),
                    "InvalidParameterValueException", 400, "Invalid marker: not-an-arn");
        }
    }

    @Test
    void listVaultsShowsOnlyTheCallersAccount() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName("mine-only"));
        GlacierClient other = server.client("OTHERKEY", "other-secret");
        ListVaultsResponse empty = other.listVaults(b -> b.accountId("-"));
        assertThat(empty.vaultList()).isEmpty();
        assertThat(empty.marker()).isNull();

        other.createVault(b -> b.accountId("-").vaultName("mine-only"));
        assertThat(allVaultNames(other)).containsExactly("mine-only");
        assertThat(other.describeVault(b -> b.accountId("-").vaultName("mine-only")).vaultARN())
                .isEqualTo(arn(OTHER_ACCOUNT, "mine-only"));
        assertThat(describe("mine-only").vaultARN()).isEqualTo(arn(ACCOUNT, "mine-only"));
    }
}
