package io.permafrost.testing;

import io.permafrost.auth.PayloadHash;
import io.permafrost.auth.SignedRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The AWS SDK for Java v2 signer, configured as the Glacier client configures it (double URL
 * encoding, path normalisation, signed payload). It is the independent reference the verifier is
 * tested against: nothing in it shares code with {@code io.permafrost.auth}. Integration tests use it to sign
 * requests the SDK client itself will not send.
 */
public final class SdkSigner {
    public static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private final AwsCredentialsIdentity identity;
    private String region = "us-east-1";
    private String service = "glacier";
    private boolean payloadSigning = true;

    private SdkSigner(AwsCredentialsIdentity identity) {
        this.identity = identity;
    }

    public static SdkSigner withKey(String accessKey, String secret) {
        return new SdkSigner(AwsCredentialsIdentity.create(accessKey, secret));
    }

    public static SdkSigner withSession(String accessKey, String secret, String token) {
        return new SdkSigner(AwsSessionCredentialsIdentity.create(accessKey, secret, token));
    }

    public static SdkSigner example() {
        return withKey(ACCESS_KEY, SECRET);
    }

    public SdkSigner region(String signingRegion) {
        this.region = signingRegion;
        return this;
    }

    public SdkSigner service(String signingService) {
        this.service = signingService;
        return this;
    }

    /** Leaves the body out of the signature; the SDK then signs the literal UNSIGNED-PAYLOAD (HTTPS only). */
    public SdkSigner unsignedPayload() {
        this.payloadSigning = false;
        return this;
    }

    /** Signs {@code request} with {@code body} at {@code time}; returns what the server would receive. */
    public Signed sign(SdkHttpRequest request, byte[] body, Instant time) {
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, true)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, true)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC)));
        SdkHttpRequest wire = signed.request();
        Map<String, List<String>> headers = new LinkedHashMap<>(wire.headers());
        SignedRequest received = new SignedRequest(wire.method().name(), wire.encodedPath(),
                wire.encodedQueryParameters().orElse(null), headers);
        return new Signed(received, PayloadHash.of(body));
    }

    /** A request as the server sees it plus the payload hash the HTTP layer would pass. */
    public record Signed(SignedRequest request, String payloadHash) {
        public Signed withHeader(String name, String value) {
            Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, List.of(value));
            return new Signed(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers),
                    payloadHash);
        }

        public Signed withoutHeader(String name) {
            Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            return new Signed(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers),
                    payloadHash);
        }

        public Signed withPath(String rawPath) {
            return new Signed(new SignedRequest(request.method(), rawPath, request.rawQuery(), request.headers()),
                    payloadHash);
        }

        public Signed withQuery(String rawQuery) {
            return new Signed(new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers()),
                    payloadHash);
        }

        public Signed withMethod(String method) {
            return new Signed(new SignedRequest(method, request.rawPath(), request.rawQuery(), request.headers()),
                    payloadHash);
        }

        public Signed withPayloadHash(String hash) {
            return new Signed(request, hash);
        }

        public String authorization() {
            return request.firstHeader("Authorization").orElseThrow();
        }
    }

    /** A Glacier-shaped request builder with the headers every SDK sends. */
    public static SdkHttpRequest.Builder glacierRequest(SdkHttpMethod method, String encodedPath) {
        return SdkHttpRequest.builder()
                .protocol("http")
                .host("127.0.0.1")
                .port(37899)
                .method(method)
                .encodedPath(encodedPath)
                .putHeader("x-amz-glacier-version", "2012-06-01");
    }

    /** The same, addressed to a live server: the signed Host header is the one a client sends there. */
    public static SdkHttpRequest.Builder glacierRequest(SdkHttpMethod method, java.net.URI endpoint, String encodedPath) {
        return glacierRequest(method, encodedPath).host(endpoint.getHost()).port(endpoint.getPort());
    }
}
