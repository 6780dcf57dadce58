package io.permafrost.bench;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Signs one Glacier request per call with the SDK's own SigV4 signer (payload signed,
 * {@code x-amz-content-sha256} sent), the way a real client does, for the load generators that build
 * requests by hand.
 */
final class GlacierRequestSigner {
    private final URI endpoint;
    private final AwsCredentialsIdentity identity;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    GlacierRequestSigner(String endpoint, Credentials credentials) {
        this.endpoint = URI.create(endpoint);
        this.identity = AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
    }

    URI endpoint() {
        return endpoint;
    }

    SdkHttpRequest sign(SdkHttpMethod method, String path, Map<String, String> extraHeaders, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(endpoint.resolve(path))
                .putHeader("x-amz-glacier-version", "2012-06-01")
                .putHeader("x-amz-content-sha256", sha256Hex(body))
                .putHeader("Content-Length", Integer.toString(body.length));
        extraHeaders.forEach(unsigned::putHeader);
        return signer.sign(r -> r.identity(identity).request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "glacier")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
    }

    private static String sha256Hex(byte[] body) {
        MessageDigest sha = ClientTreeHash.sha256();
        return HexFormat.of().formatHex(sha.digest(body));
    }
}
