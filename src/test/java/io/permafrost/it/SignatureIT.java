package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.RawHttp;
import io.permafrost.testing.SdkSigner;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeVaultResponse;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static io.permafrost.testing.GlacierErrorAssertions.assertRawError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SigV4 and body integrity on the wire (spec 5, 4.4). The SDK sends what it can; hand-built requests
 * (signed with the SDK's own signer) cover what no SDK would send.
 */
class SignatureIT {
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MIB = 1024 * 1024;

    private static TestServer server;
    private static GlacierClient glacier;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName("signed"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }

    private static SdkSigner root() {
        return SdkSigner.withKey(TestServer.ROOT_KEY, TestServer.ROOT_SECRET);
    }

    private static RawHttp.Response send(SdkSigner.Signed signed, byte[] body) throws Exception {
        String query = signed.request().rawQuery();
        return RawHttp.send(server.endpoint(), signed.request().method(),
                signed.request().rawPath() + (query == null ? "" : "?" + query), signed.request().headers(), body);
    }

    private static Map<String, List<String>> unsigned() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-amz-glacier-version", List.of("2012-06-01"));
        headers.put("x-amz-date", List.of(BASIC.format(Instant.now())));
        return headers;
    }

    private static DescribeVaultResponse vault() {
        return glacier.describeVault(b -> b.accountId("-").vaultName("signed"));
    }

    @Test
    void aRequestWithoutAuthorizationIsMissingAToken() throws Exception {
        assertRawError(RawHttp.send(server.endpoint(), "GET", "/-/vaults", unsigned(), new byte[0]),
                "MissingAuthenticationTokenException", 400, "Missing Authentication Token");
        // Authentication comes before routing: an unsigned request to nowhere learns nothing more.
        assertRawError(RawHttp.send(server.endpoint(), "GET", "/-/nowhere", unsigned(), new byte[0]),
                "MissingAuthenticationTokenException", 400, "Missing Authentication Token");
    }

    @Test
    void aGarbledAuthorizationHeaderIsAnIncompleteSignature() throws Exception {
        Map<String, List<String>> garbage = unsigned();
        garbage.put("Authorization", List.of("garbage"));
        assertRawError(RawHttp.send(server.endpoint(), "GET", "/-/vaults", garbage, new byte[0]),
                "IncompleteSignatureException", 400,
                "Authorization header requires 'AWS4-HMAC-SHA256' algorithm, not 'garbage'. Authorization=garbage");

        String partial = "AWS4-HMAC-SHA256 Credential=" + TestServer.ROOT_KEY + "/20250101/us-east-1/glacier/aws4_request";
        Map<String, List<String>> incomplete = unsigned();
        incomplete.put("Authorization", List.of(partial));
        assertRawError(RawHttp.send(server.endpoint(), "GET", "/-/vaults", incomplete, new byte[0]),
                "IncompleteSignatureException", 400, "Authorization header requires 'SignedHeaders' parameter. "
                        + "Authorization header requires 'Signature' parameter. Authorization=" + partial);
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        GlacierClient stranger = server.client("AKIDUNKNOWN", "whatever");
        assertGlacierError(() -> stranger.listVaults(b -> b.accountId("-")), "UnrecognizedClientException", 400,
                "The security token included in the request is invalid.");
    }

    @Test
    void aWrongSecretIsAnInvalidSignatureAndStoresNothing() throws Exception {
        GlacierClient impostor = server.client(TestServer.ROOT_KEY, "not-the-secret");
        assertGlacierError(() -> impostor.listVaults(b -> b.accountId("-")), "InvalidSignatureException", 403,
                SIGNATURE_MISMATCH);
        DescribeVaultResponse before = vault();
        long blobs = server.blobFileCount();
        byte[] data = new byte[3 * MIB];
        assertGlacierError(() -> impostor.uploadArchive(b -> b.accountId("-").vaultName("signed")
                        .checksum(TreeHash.of(data)), RequestBody.fromBytes(data)), "InvalidSignatureException", 403,
                SIGNATURE_MISMATCH);
        assertGlacierError(() -> impostor.createVault(b -> b.accountId("-").vaultName("impostor")),
                "InvalidSignatureException", 403, SIGNATURE_MISMATCH);
        assertThat(vault().numberOfArchives()).isEqualTo(before.numberOfArchives());
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertGlacierError(() -> glacier.describeVault(b -> b.accountId("-").vaultName("impostor")),
                "ResourceNotFoundException", 404,
                "Vault not found for ARN: arn:aws:glacier:us-east-1:" + TestServer.ACCOUNT + ":vaults/impostor");
    }

    @Test
    void aHeaderChangedAfterSigningIsAnInvalidSignature() throws Exception {
        byte[] data = "tampered".getBytes(StandardCharsets.UTF_8);
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(),
                        "/-/vaults/signed/archives")
                .putHeader("x-amz-archive-description", "original")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(data))
                .putHeader("x-amz-content-sha256", sha256(data)).build(), data, Instant.now());
        long archives = vault().numberOfArchives();
        assertRawError(send(signed.withHeader("x-amz-archive-description", "forged"), data),
                "InvalidSignatureException", 403, SIGNATURE_MISMATCH);
        assertThat(vault().numberOfArchives()).isEqualTo(archives);
        // The untouched request is accepted, so it was the change that failed it.
        assertThat(send(signed, data).status()).isEqualTo(201);
    }

    /**
     * An x-amz-* header the signature does not cover could be added or changed by anyone on the way
     * (here: a description on an upload); every client signs all of its x-amz-* headers.
     */
    @Test
    void anUnsignedAmzHeaderIsAnInvalidSignatureAndStoresNothing() throws Exception {
        byte[] data = "unsigned description".getBytes(StandardCharsets.UTF_8);
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(),
                        "/-/vaults/signed/archives")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(data))
                .putHeader("x-amz-content-sha256", sha256(data)).build(), data, Instant.now());
        long archives = vault().numberOfArchives();
        assertRawError(send(signed.withHeader("x-amz-archive-description", "added in transit"), data),
                "InvalidSignatureException", 403,
                "'x-amz-archive-description' must be a 'SignedHeader' in the AWS Authorization.");
        assertThat(vault().numberOfArchives()).isEqualTo(archives);
    }

    @Test
    void aSigningRegionOtherThanTheServersIsAnInvalidSignature() {
        try (GlacierClient west = GlacierClient.builder().endpointOverride(server.endpoint()).region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServer.ROOT_KEY, TestServer.ROOT_SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build()) {
            assertGlacierError(() -> west.listVaults(b -> b.accountId("-")), "InvalidSignatureException", 403,
                    "Credential should be scoped to a valid region, not 'us-west-2'. ");
        }
    }

    /** As jclouds signs: {@code host} without the port the request is then sent to. Any other host stays refused. */
    @Test
    void aHostSignedWithoutItsPortIsAcceptedAndAnotherHostIsNot() throws Exception {
        String sentHost = server.endpoint().getHost() + ":" + server.endpoint().getPort();
        SdkSigner.Signed portless = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, server.endpoint(), "/-/vaults")
                .port(80).build(), new byte[0], Instant.now());
        RawHttp.Response accepted = send(portless.withHeader("Host", sentHost), new byte[0]);
        assertThat(accepted.status()).as(accepted.bodyText()).isEqualTo(200);
        assertThat(accepted.bodyText()).contains("\"VaultList\"");

        SdkSigner.Signed elsewhere = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, server.endpoint(), "/-/vaults")
                .host("archive.example.org").port(80).build(), new byte[0], Instant.now());
        assertRawError(send(elsewhere.withHeader("Host", sentHost), new byte[0]), "InvalidSignatureException", 403,
                SIGNATURE_MISMATCH);
    }

    /** A ListVaults signed at {@code signedAt}: the SDK always signs with the current time, so it is built by hand. */
    private static RawHttp.Response listVaultsSignedAt(Instant signedAt) throws Exception {
        return send(root().sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, server.endpoint(), "/-/vaults").build(),
                new byte[0], signedAt), new byte[0]);
    }

    /**
     * Asserts the skew error; the server's "now" in the message is whichever whole second it checked
     * at, somewhere between {@code before} and {@code after}.
     */
    private static void assertSkewError(RawHttp.Response response, Instant signedAt, Instant before, Instant after,
                                        boolean expired) {
        List<String> candidates = new java.util.ArrayList<>();
        for (Instant now = before.truncatedTo(ChronoUnit.SECONDS); !now.isAfter(after); now = now.plusSeconds(1)) {
            candidates.add(expired
                    ? "Signature expired: " + BASIC.format(signedAt) + " is now earlier than "
                            + BASIC.format(now.minus(Duration.ofMinutes(15))) + " (" + BASIC.format(now) + " - 15 min.)"
                    : "Signature not yet current: " + BASIC.format(signedAt) + " is still later than "
                            + BASIC.format(now.plus(Duration.ofMinutes(15))) + " (" + BASIC.format(now) + " + 15 min.)");
        }
        String message = response.bodyText().replaceAll(".*\"message\":\"([^\"]*)\".*", "$1");
        assertThat(message).isIn(candidates);
        assertRawError(response, "InvalidSignatureException", 403, message);
    }

    @Test
    void aRequestOutsideTheFifteenMinuteWindowHasExpiredOrIsNotYetCurrent() throws Exception {
        Instant before = server.clock().instant();
        Instant past = before.minus(Duration.ofMinutes(16)).truncatedTo(ChronoUnit.SECONDS);
        RawHttp.Response expired = listVaultsSignedAt(past);
        assertSkewError(expired, past, before, server.clock().instant(), true);

        before = server.clock().instant();
        Instant future = before.plus(Duration.ofMinutes(16)).truncatedTo(ChronoUnit.SECONDS);
        RawHttp.Response early = listVaultsSignedAt(future);
        assertSkewError(early, future, before, server.clock().instant(), false);

        // Inside the window either way is fine.
        assertThat(listVaultsSignedAt(server.clock().instant().minus(Duration.ofMinutes(14))).status()).isEqualTo(200);
        assertThat(listVaultsSignedAt(server.clock().instant().plus(Duration.ofMinutes(14))).status()).isEqualTo(200);
    }

    @Test
    void aSignedRequestWithoutTheVersionHeaderIsMissingTheApiVersion() throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder().protocol("http").host(server.endpoint().getHost())
                .port(server.endpoint().getPort()).method(SdkHttpMethod.PUT).encodedPath("/-/vaults/versionless").build();
        SdkSigner.Signed signed = root().sign(request, new byte[0], Instant.now());
        assertThat(signed.request().headers().keySet()).noneMatch(n -> n.equalsIgnoreCase("x-amz-glacier-version"));
        assertRawError(send(signed, new byte[0]), "MissingParameterValueException", 400,
                "Required parameter missing: API version");
        assertGlacierError(() -> glacier.describeVault(b -> b.accountId("-").vaultName("versionless")),
                "ResourceNotFoundException", 404,
                "Vault not found for ARN: arn:aws:glacier:us-east-1:" + TestServer.ACCOUNT + ":vaults/versionless");
    }

    private static String payloadMismatch(String computed, String claimed) {
        return "The value passed in as x-amz-content-sha256 does not match the computed payload hash. Computed digest: "
                + computed + " expected hash: " + claimed;
    }

    @Test
    void anUploadWhoseBodyIsNotTheSignedOneIsRefusedAndStoresNothing() throws Exception {
        byte[] signedBody = new byte[2 * MIB];
        Arrays.fill(signedBody, (byte) 'a');
        byte[] sentBody = signedBody.clone();
        sentBody[MIB + 17] = 'b';
        // Signed over the claimed hash; the tree hash matches what is sent, so only the content hash can fail.
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(),
                        "/-/vaults/signed/archives")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(sentBody))
                .putHeader("x-amz-content-sha256", sha256(signedBody)).build(), signedBody, Instant.now());
        DescribeVaultResponse before = vault();
        long blobs = server.blobFileCount();

        assertRawError(send(signed, sentBody), "InvalidSignatureException", 403,
                payloadMismatch(sha256(sentBody), sha256(signedBody)));

        DescribeVaultResponse after = vault();
        assertThat(after.numberOfArchives()).isEqualTo(before.numberOfArchives());
        assertThat(after.sizeInBytes()).isEqualTo(before.sizeInBytes());
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void aPartWhoseBodyIsNotTheSignedOneIsRefusedAndStoresNothing() throws Exception {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("signed").partSize("1048576"))
                .uploadId();
        byte[] signedBody = "0123456789".getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = "012345678X".getBytes(StandardCharsets.UTF_8);
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.PUT, server.endpoint(),
                        "/-/vaults/signed/multipart-uploads/" + uploadId)
                .putHeader("Content-Range", "bytes 0-9/*")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(sentBody))
                .putHeader("x-amz-content-sha256", sha256(signedBody)).build(), signedBody, Instant.now());
        long blobs = server.blobFileCount();

        assertRawError(send(signed, sentBody), "InvalidSignatureException", 403,
                payloadMismatch(sha256(sentBody), sha256(signedBody)));

        assertThat(glacier.listParts(b -> b.accountId("-").vaultName("signed").uploadId(uploadId)).parts()).isEmpty();
        assertThat(server.blobFileCount()).isEqualTo(blobs);
        assertThat(server.tempBlobFileCount()).isZero();
    }

    @Test
    void aJsonBodyThatIsNotTheSignedOneIsRefusedAndChangesNothing() throws Exception {
        byte[] signedBody = "{\"Tags\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = "{\"Tags\":{\"k\":\"w\"}}".getBytes(StandardCharsets.UTF_8);
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(),
                        "/-/vaults/signed/tags").appendRawQueryParameter("operation", "add")
                .putHeader("x-amz-content-sha256", sha256(signedBody)).build(), signedBody, Instant.now());
        assertRawError(send(signed, sentBody), "InvalidSignatureException", 403,
                payloadMismatch(sha256(sentBody), sha256(signedBody)));
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName("signed")).tags()).doesNotContainKey("k");
    }

    /** Sends the head and the first {@code sent} bytes of {@code body}, then closes the socket. */
    private static void sendCutOff(SdkSigner.Signed signed, byte[] body, int sent) throws Exception {
        try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(RawHttp.head(server.endpoint(), signed.request().method(), signed.request().rawPath(),
                    signed.request().headers(), body.length));
            out.write(body, 0, sent);
            out.flush();
        }
    }

    /** Waits for the server to notice the disconnect and clean up, then checks nothing remains. */
    private static void assertNothingLeft(long blobsBefore) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.tempBlobFileCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(server.tempBlobFileCount()).isZero();
        assertThat(server.blobFileCount()).isEqualTo(blobsBefore);
    }

    @Test
    void anUploadCutOffMidBodyStoresNothing() throws Exception {
        byte[] body = new byte[2 * MIB];
        Arrays.fill(body, (byte) 'c');
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, server.endpoint(),
                        "/-/vaults/signed/archives")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(body))
                .putHeader("x-amz-content-sha256", sha256(body)).build(), body, Instant.now());
        DescribeVaultResponse before = vault();
        long blobs = server.blobFileCount();

        sendCutOff(signed, body, MIB);

        assertNothingLeft(blobs);
        DescribeVaultResponse after = vault();
        assertThat(after.numberOfArchives()).isEqualTo(before.numberOfArchives());
        assertThat(after.sizeInBytes()).isEqualTo(before.sizeInBytes());
    }

    @Test
    void aPartCutOffMidBodyStoresNothing() throws Exception {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName("signed").partSize("1048576"))
                .uploadId();
        byte[] body = new byte[MIB];
        Arrays.fill(body, (byte) 'p');
        SdkSigner.Signed signed = root().sign(SdkSigner.glacierRequest(SdkHttpMethod.PUT, server.endpoint(),
                        "/-/vaults/signed/multipart-uploads/" + uploadId)
                .putHeader("Content-Range", "bytes 0-1048575/*")
                .putHeader("x-amz-sha256-tree-hash", TreeHash.of(body))
                .putHeader("x-amz-content-sha256", sha256(body)).build(), body, Instant.now());
        long blobs = server.blobFileCount();

        sendCutOff(signed, body, MIB / 2);

        assertNothingLeft(blobs);
        assertThat(glacier.listParts(b -> b.accountId("-").vaultName("signed").uploadId(uploadId)).parts()).isEmpty();
    }
}
