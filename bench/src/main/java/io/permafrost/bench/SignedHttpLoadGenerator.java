package io.permafrost.bench;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lean generator for when the SDK client itself is the bottleneck: each request is built by hand,
 * signed per request with the SDK's own SigV4 signer ({@link GlacierRequestSigner}, payload signed,
 * x-amz-content-sha256 sent) and sent over one shared {@code java.net.http} HTTP/1.1 client that
 * keeps connections alive.
 */
final class SignedHttpLoadGenerator extends HandBuiltLoadGenerator {
    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection");

    private final GlacierRequestSigner signer;
    private final HttpClient http;

    SignedHttpLoadGenerator(String endpoint, Credentials credentials) {
        this.signer = new GlacierRequestSigner(endpoint, credentials);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String description() {
        return "lean JVM generator: AwsV4HttpSigner (SDK 2.41.30) signing each request, shared java.net.http "
                + "HTTP/1.1 client with keep-alive";
    }

    @Override
    void send(SdkHttpMethod method, String path, Map<String, String> extraHeaders, byte[] body) {
        SdkHttpRequest signed = signer.sign(method, path, extraHeaders, body);
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .method(method.name(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
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

    @Override
    public void close() {
        // java.net.http on Java 17 has no close(); its threads are daemons and its connections die with the process.
    }
}
