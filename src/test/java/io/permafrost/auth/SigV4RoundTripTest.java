package io.permafrost.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.testing.SdkSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Requests signed by the AWS SDK for Java v2 signer verify; any tampering after signing does not. */
class SigV4RoundTripTest {
    private static final Instant NOW = Instant.parse("2012-05-25T00:24:53Z");
    private static final Caller ROOT = Caller.root("012345678901");
    private static final String MARKER = "arn:aws:glacier:us-east-1:012345678901:vaults/examplevault";

    private final SigV4Verifier verifier = new SigV4Verifier(
            new InMemoryCredentialStore(List.of(Credential.permanent(SdkSigner.ACCESS_KEY, SdkSigner.SECRET, ROOT))),
            "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));

    private static SdkSigner.Signed sign(software.amazon.awssdk.http.SdkHttpRequest.Builder request, byte[] body) {
        return SdkSigner.example().sign(request.build(), body, NOW);
    }

    private Caller verify(SdkSigner.Signed signed) {
        return verifier.verify(signed.request(), signed.payloadHash());
    }

    private void assertMismatch(SdkSigner.Signed signed) {
        assertThatThrownBy(() -> verify(signed))
                .isInstanceOf(GlacierException.class)
                .hasMessage(SigV4Verifier.SIGNATURE_MISMATCH)
                .extracting(e -> ((GlacierException) e).errorCode()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
    }

    private static SdkSigner.Signed listVaults() {
        return sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults")
                .appendRawQueryParameter("limit", "2")
                .appendRawQueryParameter("marker", MARKER), new byte[0]);
    }

    @Test
    void getWithEncodedMarkerVerifies() {
        SdkSigner.Signed signed = listVaults();

        assertThat(signed.request().rawQuery()).contains("marker=arn%3Aaws%3Aglacier%3Aus-east-1%3A");
        assertThat(verify(signed)).isEqualTo(ROOT);
    }

    @Test
    void queryEscapedDifferentlyOnTheWireStillVerifies() {
        // Same parameters, other order and ':' '/' left unescaped: the canonical form is identical.
        assertThat(verify(listVaults().withQuery("marker=" + MARKER + "&limit=2"))).isEqualTo(ROOT);
    }

    @Test
    void queryValuesWithSpacesPlusAndUnicodeVerify() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults/v/jobs")
                .appendRawQueryParameter("statuscode", "In Progress")
                .appendRawQueryParameter("marker", "a+b=c&d ü~*")
                .appendRawQueryParameter("completed", ""), new byte[0]);

        assertThat(verify(signed)).isEqualTo(ROOT);
    }

    @Test
    void plusOnTheWireIsALiteralPlusNotASpace() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults")
                .appendRawQueryParameter("marker", "a b"), new byte[0]);

        assertThat(verify(signed.withQuery("marker=a%20b"))).isEqualTo(ROOT);
        assertMismatch(signed.withQuery("marker=a+b"));
    }

    @Test
    void putWithEmptyBodyVerifies() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.PUT, "/-/vaults/examplevault"),
                new byte[0]);

        assertThat(signed.payloadHash()).isEqualTo(PayloadHash.EMPTY);
        assertThat(verify(signed)).isEqualTo(ROOT);
    }

    @Test
    void postWithBodyAndOperationQueryVerifies() {
        byte[] body = "{\"Tags\":{\"a\":\"b\"}}".getBytes(StandardCharsets.UTF_8);
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, "/-/vaults/examplevault/tags")
                .appendRawQueryParameter("operation", "add")
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length)), body);

        assertThat(verify(signed)).isEqualTo(ROOT);
        assertMismatch(signed.withPayloadHash(PayloadHash.of("{\"Tags\":{\"a\":\"c\"}}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void uploadWithContentShaHeaderVerifies() {
        byte[] body = "Welcome to S3 Glacier.".getBytes(StandardCharsets.UTF_8);
        String hash = PayloadHash.of(body);
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, "/-/vaults/examplevault/archives")
                .putHeader("x-amz-content-sha256", hash)
                .putHeader("x-amz-sha256-tree-hash", hash)
                .putHeader("x-amz-archive-description", "my archive"), body);

        assertThat(signed.request().firstHeader("authorization").orElseThrow()).contains("x-amz-content-sha256");
        assertThat(verify(signed)).isEqualTo(ROOT);
    }

    @Test
    void headerValuesWithOddWhitespaceAreCanonicalisedLikeTheClient() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.POST, "/-/vaults/v/multipart-uploads")
                .putHeader("x-amz-archive-description", "  my   archive\t\tdescription  ")
                .putHeader("x-amz-part-size", "1048576"), new byte[0]);

        assertThat(verify(signed)).isEqualTo(ROOT);
        // The single-space form is what was signed, so a server that collapses verifies it too.
        assertThat(verify(signed.withHeader("x-amz-archive-description", "my archive description"))).isEqualTo(ROOT);
        assertMismatch(signed.withHeader("x-amz-archive-description", "my archivedescription"));
    }

    @Test
    void repeatedHeadersAreJoinedWithCommas() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults")
                .appendHeader("x-amz-meta-note", "first")
                .appendHeader("x-amz-meta-note", " second "), new byte[0]);

        assertThat(signed.request().header("X-AMZ-META-NOTE")).hasSize(2);
        assertThat(verify(signed)).isEqualTo(ROOT);
    }

    @Test
    void headerNamesAreMatchedCaseInsensitively() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults"), new byte[0]);
        SdkSigner.Signed renamed = signed.withoutHeader("x-amz-glacier-version")
                .withHeader("X-Amz-Glacier-Version", "2012-06-01");

        assertThat(verify(renamed)).isEqualTo(ROOT);
    }

    @Test
    void encodedPathCharactersAreDoubleEncodedLikeTheSdk() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults/a%2Fb%20c%3A"),
                new byte[0]);

        assertThat(verify(signed)).isEqualTo(ROOT);
        assertMismatch(signed.withPath("/-/vaults/a/b%20c%3A"));
    }

    @Test
    void dotSegmentsAreRemovedLikeTheSdk() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults/./x/../examplevault"),
                new byte[0]);

        assertThat(verify(signed)).isEqualTo(ROOT);
        assertThat(verify(signed.withPath("/-/vaults/examplevault"))).isEqualTo(ROOT);
    }

    @Test
    void temporaryCredentialsWithTheirTokenVerify() {
        Caller user = new Caller("012345678901", "arn:aws:sts::012345678901:assumed-role/r/s", "s",
                "AROAEXAMPLE:s", List.of(), false);
        SigV4Verifier sessionVerifier = new SigV4Verifier(new InMemoryCredentialStore(List.of(
                new Credential("ASIAEXAMPLE", "secret", user, "token/with+chars==", NOW.plusSeconds(1)))),
                "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));
        SdkSigner.Signed signed = SdkSigner.withSession("ASIAEXAMPLE", "secret", "token/with+chars==")
                .sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults").build(), new byte[0], NOW);

        assertThat(signed.request().firstHeader("x-amz-security-token")).contains("token/with+chars==");
        assertThat(sessionVerifier.verify(signed.request(), signed.payloadHash())).isEqualTo(user);
    }

    @Test
    void unsignedPayloadLiteralIsAcceptedAsThePayloadHash() {
        SdkSigner.Signed signed = SdkSigner.example().unsignedPayload().sign(
                SdkSigner.glacierRequest(SdkHttpMethod.PUT, "/-/vaults/v/multipart-uploads/u").protocol("https").build(),
                "part".getBytes(StandardCharsets.UTF_8), NOW);
        String claimed = signed.request().firstHeader("x-amz-content-sha256").orElseThrow();

        assertThat(claimed).isEqualTo(PayloadHash.UNSIGNED_PAYLOAD);
        assertThat(verifier.verify(signed.request(), claimed)).isEqualTo(ROOT);
        assertMismatch(signed);
    }

    @Test
    void componentsInAnyOrderWithoutSpacesVerify() {
        SdkSigner.Signed signed = listVaults();
        String authorization = signed.authorization();
        String credential = component(authorization, "Credential");
        String signedHeaders = component(authorization, "SignedHeaders");
        String signature = component(authorization, "Signature");

        SdkSigner.Signed reordered = signed.withHeader("Authorization", "AWS4-HMAC-SHA256 Signature=" + signature
                + ",Credential=" + credential + " ,  SignedHeaders=" + signedHeaders);

        assertThat(verify(reordered)).isEqualTo(ROOT);
    }

    @Test
    void tamperingWithAnySignedPartFails() {
        SdkSigner.Signed signed = listVaults();

        assertMismatch(signed.withMethod("DELETE"));
        assertMismatch(signed.withPath("/-/vaults/"));
        assertMismatch(signed.withPath("/012345678901/vaults"));
        assertMismatch(signed.withQuery("limit=3&marker=" + MARKER));
        assertMismatch(signed.withQuery(null));
        assertMismatch(signed.withHeader("x-amz-glacier-version", "2012-06-02"));
        assertMismatch(signed.withHeader("Host", "127.0.0.1:37898"));
        assertMismatch(signed.withPayloadHash(PayloadHash.of(new byte[] {0})));
        assertMismatch(signed.withPayloadHash(PayloadHash.UNSIGNED_PAYLOAD));
    }

    @Test
    void signedHeaderMissingFromTheRequestFails() {
        assertMismatch(listVaults().withoutHeader("x-amz-glacier-version"));
    }

    @Test
    void signatureIsComparedExactly() {
        SdkSigner.Signed signed = listVaults();
        String signature = component(signed.authorization(), "Signature");

        assertMismatch(signed.withHeader("Authorization",
                signed.authorization().replace(signature, signature.toUpperCase())));
        assertMismatch(signed.withHeader("Authorization",
                signed.authorization().replace(signature, signature.substring(0, 63))));
        assertMismatch(signed.withHeader("Authorization",
                signed.authorization().replace(signature, signature + "0")));
    }

    static String component(String authorization, String name) {
        for (String part : authorization.substring(authorization.indexOf(' ') + 1).split(",")) {
            String trimmed = part.strip();
            if (trimmed.startsWith(name + "=")) {
                return trimmed.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException(name + " not in " + authorization);
    }

    /** jclouds signs {@code host:127.0.0.1} and sends {@code Host: 127.0.0.1:PORT}; so does a port-rewriting proxy. */
    @Test
    void aHostSignedWithoutThePortItWasSentWithVerifies() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults").port(80), new byte[0]);
        assertThat(signed.request().firstHeader("Host")).hasValue("127.0.0.1");

        assertThat(verify(signed.withHeader("Host", "127.0.0.1:37899"))).isEqualTo(ROOT);
    }

    @Test
    void anIpv6HostSignedWithoutItsPortVerifies() {
        SdkSigner.Signed signed = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults").host("[::1]").port(80),
                new byte[0]);

        assertThat(verify(signed.withHeader("Host", "[::1]:37899"))).isEqualTo(ROOT);
    }

    @Test
    void onlyThePortMayBeMissingFromTheSignedHost() {
        SdkSigner.Signed otherHost = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults")
                .host("archive.example.org").port(80), new byte[0]);
        assertMismatch(otherHost.withHeader("Host", "127.0.0.1:37899"));

        SdkSigner.Signed otherPort = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults").port(1234),
                new byte[0]);
        assertMismatch(otherPort.withHeader("Host", "127.0.0.1:37899"));

        // Signed with the port, received without it: the signature named a port the request did not go to.
        SdkSigner.Signed withPort = sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults"), new byte[0]);
        assertMismatch(withPort.withHeader("Host", "127.0.0.1"));
    }
}
