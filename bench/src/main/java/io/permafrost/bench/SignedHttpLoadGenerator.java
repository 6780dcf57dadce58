package io.permafrost.bench;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lean generator for when the SDK client itself is the bottleneck: each request is built by hand,
 * signed per request with the SDK's own SigV4 signer ({@link AwsV4HttpSigner}, payload signed,
 * x-amz-content-sha256 sent) and sent over one shared {@code java.net.http} HTTP/1.1 client that
 * keeps connections alive.
 */
final class SignedHttpLoadGenerator implements LoadGenerator {
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection");
    private static final byte[] EMPTY = new byte[0];

    private final URI endpoint;
    private final AwsCredentialsIdentity identity;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http;

    SignedHttpLoadGenerator(String endpoint, Credentials credentials) {
        this.endpoint = URI.create(endpoint);
        this.identity = AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String description() {
        return "lean JVM generator: AwsV4HttpSigner (SDK 2.41.30) signing each request, shared java.net.http "
                + "HTTP/1.1 client with keep-alive";
    }

    @Override
    public void createVault(String vault) {
        send(SdkHttpMethod.PUT, "/-/vaults/" + vault, Map.of(), EMPTY);
    }

    @Override
    public void describeVault(String vault) {
        send(SdkHttpMethod.GET, "/-/vaults/" + vault, Map.of(), EMPTY);
    }

    @Override
    public void uploadArchive(String vault, byte[] body, String treeHash) {
        send(SdkHttpMethod.POST, "/-/vaults/" + vault + "/archives", Map.of("x-amz-sha256-tree-hash", treeHash), body);
    }

    private void send(SdkHttpMethod method, String path, Map<String, String> extraHeaders, byte[] body) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(endpoint.resolve(path))
                .putHeader("x-amz-glacier-version", "2012-06-01")
                .putHeader("x-amz-content-sha256", sha256Hex(body))
                .putHeader("Content-Length", Integer.toString(body.length));
        extraHeaders.forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "glacier")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .method(method.name(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!SET_BY_HTTP_CLIENT.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                    + new String(response.body()));
        }
    }

    private static String sha256Hex(byte[] body) {
        MessageDigest sha = ClientTreeHash.sha256();
        return HexFormat.of().formatHex(sha.digest(body));
    }

    @Override
    public void close() {
        // java.net.http on Java 17 has no close(); its threads are daemons and its connections die with the process.
    }
}
