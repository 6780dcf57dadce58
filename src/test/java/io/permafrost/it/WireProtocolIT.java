package io.permafrost.it;

import io.permafrost.testing.SharedServerTest;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.RawHttp;
import io.permafrost.testing.SdkSigner;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;

/** What every response looks like on the wire, routing, the account id rules (spec 2, 3, 4). */
class WireProtocolIT extends SharedServerTest {
    private static final String ACCOUNT = TestServer.ACCOUNT;


    /** The four headers of spec 3.4, whatever the operation. */
    private static void assertCommonHeaders(SdkResponse response, boolean hasBody) {
        SdkHttpResponse http = response.sdkHttpResponse();
        assertThat(http.firstMatchingHeader("x-amzn-RequestId")).hasValueSatisfying(id ->
                assertThat(id).matches("[A-Za-z0-9_-]{47}"));
        assertThat(http.firstMatchingHeader("Date")).hasValueSatisfying(date -> {
            ZonedDateTime parsed = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            assertThat(Duration.between(parsed.toInstant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
            assertThat(date).endsWith(" GMT");
        });
        if (hasBody) {
            assertThat(http.firstMatchingHeader("Content-Type")).hasValue("application/json");
        } else {
            // Spec 3.4 says "0" on 204 too, but HTTP (RFC 9110 8.6) forbids Content-Length on a 204 and
            // Jetty drops it; no client needs it there.
            if (http.statusCode() == 204) {
                assertThat(http.firstMatchingHeader("Content-Length")).isEmpty();
            } else {
                assertThat(http.firstMatchingHeader("Content-Length")).as("Content-Length of %s %s",
                        response.getClass().getSimpleName(), http.statusCode()).hasValue("0");
            }
            assertThat(http.firstMatchingHeader("Content-Type")).isEmpty();
        }
        assertThat(http.firstMatchingHeader("x-amzn-ErrorType")).isEmpty();
    }

    @Test
    void everyResponseCarriesRequestIdDateAndTheRightContentHeaders() {
        var created = glacier.createVault(b -> b.accountId("-").vaultName("headers"));
        assertCommonHeaders(created, false);
        assertCommonHeaders(glacier.describeVault(b -> b.accountId("-").vaultName("headers")), true);
        assertCommonHeaders(glacier.listVaults(b -> b.accountId("-")), true);
        byte[] data = "headers".getBytes(StandardCharsets.UTF_8);
        var uploaded = glacier.uploadArchive(b -> b.accountId("-").vaultName("headers").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data));
        assertCommonHeaders(uploaded, false);
        var initiated = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("headers").partSize("1048576"));
        assertCommonHeaders(initiated, false);
        var part = glacier.uploadMultipartPart(b -> b.accountId("-").vaultName("headers")
                .uploadId(initiated.uploadId()).range("bytes 0-6/*").checksum(TreeHash.of(data)), RequestBody.fromBytes(data));
        assertCommonHeaders(part, false);
        assertCommonHeaders(glacier.listParts(b -> b.accountId("-").vaultName("headers").uploadId(initiated.uploadId())), true);
        assertCommonHeaders(glacier.listMultipartUploads(b -> b.accountId("-").vaultName("headers")), true);
        assertCommonHeaders(glacier.completeMultipartUpload(b -> b.accountId("-").vaultName("headers")
                .uploadId(initiated.uploadId()).archiveSize("7").checksum(TreeHash.of(data))), false);
        assertCommonHeaders(glacier.addTagsToVault(b -> b.accountId("-").vaultName("headers").tags(Map.of("a", "b"))), false);
        assertCommonHeaders(glacier.listTagsForVault(b -> b.accountId("-").vaultName("headers")), true);
        assertCommonHeaders(glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("headers").tagKeys("a")), false);
        assertCommonHeaders(glacier.deleteArchive(b -> b.accountId("-").vaultName("headers")
                .archiveId(uploaded.archiveId())), false);
    }

    @Test
    void requestIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(glacier.listVaults(b -> b.accountId("-")).responseMetadata().requestId());
        }
        assertThat(ids).hasSize(20).allSatisfy(id -> assertThat(id).hasSize(47));
    }

    @Test
    void locationsCarryTheRealAccountIdWhenDashWasUsed() {
        assertThat(glacier.createVault(b -> b.accountId("-").vaultName("located")).location())
                .isEqualTo("/" + ACCOUNT + "/vaults/located");
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        var archive = glacier.uploadArchive(b -> b.accountId("-").vaultName("located").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data));
        assertThat(archive.location()).isEqualTo("/" + ACCOUNT + "/vaults/located/archives/" + archive.archiveId());
        var upload = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("located").partSize("1048576"));
        assertThat(upload.location()).isEqualTo("/" + ACCOUNT + "/vaults/located/multipart-uploads/" + upload.uploadId());
        assertThat(glacier.describeVault(b -> b.accountId("-").vaultName("located")).vaultARN())
                .isEqualTo("arn:aws:glacier:us-east-1:" + ACCOUNT + ":vaults/located");
    }

    @Test
    void anotherAccountsIdIsDeniedOnOwnAccountOperations() {
        String other = "444455556666";
        assertGlacierError(() -> glacier.createVault(b -> b.accountId(other).vaultName("not-mine")),
                "AccessDeniedException", 403, "Access denied for account ID: " + other);
        assertGlacierError(() -> glacier.listVaults(b -> b.accountId(other)),
                "AccessDeniedException", 403, "Access denied for account ID: " + other);
        assertThat(glacier.listVaults(b -> b.accountId("-")).vaultList()).extracting(DescribeVaultOutput::vaultName)
                .doesNotContain("not-mine");
    }

    @Test
    void anUnparseableAccountIdIsAnUnrecognizedClient() {
        for (String bad : List.of("abcmnoxyz", "12345", "1111222233334")) {
            assertGlacierError(() -> glacier.createVault(b -> b.accountId(bad).vaultName("never")),
                    "UnrecognizedClientException", 400, "No account found for the given parameters");
            assertGlacierError(() -> glacier.describeVault(b -> b.accountId(bad).vaultName("never")),
                    "UnrecognizedClientException", 400, "No account found for the given parameters");
            assertGlacierError(() -> glacier.listVaults(b -> b.accountId(bad)),
                    "UnrecognizedClientException", 400, "No account found for the given parameters");
        }
        assertThat(glacier.listVaults(b -> b.accountId("-")).vaultList()).extracting(DescribeVaultOutput::vaultName)
                .doesNotContain("never");
    }

    /** A correctly signed request the SDK has no operation for. */
    private static RawHttp.Response signed(String method, String pathAndQuery, byte[] body) throws Exception {
        int question = pathAndQuery.indexOf('?');
        var builder = SdkSigner.glacierRequest(SdkHttpMethod.fromValue(method), server.endpoint(),
                question < 0 ? pathAndQuery : pathAndQuery.substring(0, question));
        if (question >= 0) {
            for (String pair : pathAndQuery.substring(question + 1).split("&")) {
                String[] nv = pair.split("=", 2);
                builder.appendRawQueryParameter(nv[0], nv.length > 1 ? nv[1] : null);
            }
        }
        SdkSigner.Signed signed = SdkSigner.withKey(TestServer.ROOT_KEY, TestServer.ROOT_SECRET)
                .sign(builder.build(), body, Instant.now());
        String query = signed.request().rawQuery();
        return RawHttp.send(server.endpoint(), method, signed.request().rawPath() + (query == null ? "" : "?" + query),
                signed.request().headers(), body);
    }

    @Test
    void anUnknownRouteIsABadRequestInTheJsonEnvelope() throws Exception {
        assertRawError(signed("GET", "/-/nothing-here", new byte[0]), "BadRequest", 400,
                "No operation matches GET /-/nothing-here");
        assertRawError(signed("PATCH", "/-/vaults/some-vault", new byte[0]), "BadRequest", 400,
                "No operation matches PATCH /-/vaults/some-vault");
        assertRawError(signed("GET", "/-/vaults/", new byte[0]), "BadRequest", 400,
                "No operation matches GET /-/vaults/");
        assertRawError(signed("DELETE", "/-/vaults/v/archives", new byte[0]), "BadRequest", 400,
                "No operation matches DELETE /-/vaults/v/archives");
    }

    @Test
    void aTagWriteWithoutAValidOperationIsAnInvalidParameter() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName("tag-op"));
        byte[] body = "{\"Tags\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8);
        assertRawError(signed("POST", "/-/vaults/tag-op/tags", body), "InvalidParameterValueException", 400,
                "Invalid value for operation: null. The operation must be add or remove.");
        assertRawError(signed("POST", "/-/vaults/tag-op/tags?operation=replace", body),
                "InvalidParameterValueException", 400,
                "Invalid value for operation: replace. The operation must be add or remove.");
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName("tag-op")).tags()).isEmpty();
        assertThat(signed("POST", "/-/vaults/tag-op/tags?operation=add", body).status()).isEqualTo(204);
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName("tag-op")).tags()).containsEntry("k", "v");
    }

    @Test
    void anUnsupportedApiVersionIsAnInvalidParameter() throws Exception {
        SdkSigner.Signed signed = SdkSigner.withKey(TestServer.ROOT_KEY, TestServer.ROOT_SECRET).sign(
                SdkSigner.glacierRequest(SdkHttpMethod.GET, server.endpoint(), "/-/vaults")
                        .putHeader("x-amz-glacier-version", "2011-01-01").build(), new byte[0], Instant.now());
        assertRawError(RawHttp.send(server.endpoint(), "GET", "/-/vaults", signed.request().headers(), new byte[0]),
                "InvalidParameterValueException", 400, "Invalid API version: 2011-01-01. The supported version is 2012-06-01");
    }

    @Test
    void malformedJsonBodiesAreSerializationErrors() throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName("json"));
        RawHttp.Response broken = signed("POST", "/-/vaults/json/tags?operation=add",
                "{\"Tags\":".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.bodyText()).contains("\"code\":\"SerializationException\"");
        assertRawError(signed("POST", "/-/vaults/json/tags?operation=add",
                        "{\"Tags\":[\"k\"]}".getBytes(StandardCharsets.UTF_8)), "SerializationException", 400,
                "Member Tags must be an object, got ARRAY");
        assertRawError(signed("POST", "/-/vaults/json/tags?operation=add", "{}".getBytes(StandardCharsets.UTF_8)),
                "MissingParameterValueException", 400, "Required parameter missing: Tags");
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName("json")).tags()).isEmpty();
    }

    @Test
    void requestsTheHttpLayerRejectsStillGetTheJsonEnvelope() throws Exception {
        List<String> malformed = List.of(
                "NONSENSE\r\n\r\n",
                "GET /-/vaults HTTP/1.1\r\nHost: x\r\nNo colon in this header\r\n\r\n",
                "GET /-/vaults/%2F HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /-/vaults HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        for (String request : malformed) {
            RawHttp.Response response = RawHttp.sendBytes(server.endpoint(), request.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(response.status()).as(request.substring(0, Math.min(40, request.length()))).isBetween(400, 499);
            assertThat(response.header("Content-Type")).hasValue("application/json");
            assertThat(response.bodyText()).doesNotContainIgnoringCase("<html").contains("\"code\":\"BadRequest\"")
                    .contains("\"type\":\"Client\"");
        }
    }

    /** HTTP/0.9 style, no version: Jetty refuses it, and the refusal must be a client error, not a 500. */
    @Test
    void aRequestLineWithoutAnHttpVersionIsABadRequest() throws Exception {
        RawHttp.Response response = RawHttp.sendBytes(server.endpoint(),
                "GET /-/vaults\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(response.status()).as(response.bodyText()).isEqualTo(400);
        assertThat(response.header("Content-Type")).hasValue("application/json");
        assertThat(response.bodyText()).contains("\"code\":\"BadRequest\"").contains("\"type\":\"Client\"");
    }

    @Test
    void aQueryThatIsNotUtf8IsABadRequestNotAServerError() throws Exception {
        for (String target : new String[] {"/-/vaults?marker=%ff", "/-/vaults/v1?x=%c0%80"}) {
            RawHttp.Response response = RawHttp.sendBytes(server.endpoint(),
                    ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nx-amz-glacier-version: 2012-06-01\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(response.status()).as(target + ": " + response.bodyText()).isEqualTo(400);
            assertThat(response.bodyText()).contains("\"code\":\"BadRequest\"").contains("\"type\":\"Client\"");
        }
    }
}
