package io.permafrost.bench;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bucket of the run's own on the S3-compatible store, with Object Lock on (cluster nodes need it), made
 * and emptied with a few SigV4-signed S3 calls: the bench's SDK is pinned to the Glacier client's version,
 * whose S3 client would not match the rest of it, and these four calls are all it needs.
 */
final class BenchBucket {
    private static final Pattern VERSION = Pattern.compile(
            "<(?:Version|DeleteMarker)>.*?<Key>(.*?)</Key>.*?<VersionId>(.*?)</VersionId>.*?</(?:Version|DeleteMarker)>",
            Pattern.DOTALL);
    private static final String EMPTY_SHA256 = HexFormat.of().formatHex(ClientTreeHash.sha256().digest(new byte[0]));

    private final URI endpoint;
    private final String region;
    private final String name;
    private final AwsCredentialsIdentity identity;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    BenchBucket(String endpoint, String region, String name, String accessKey, String secretKey) {
        this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
        this.region = region;
        this.name = name;
        this.identity = AwsCredentialsIdentity.create(accessKey, secretKey);
    }

    String name() {
        return name;
    }

    void create() {
        send(SdkHttpMethod.PUT, name, Map.of("x-amz-bucket-object-lock-enabled", "true"));
    }

    /** Deletes every version of every object (nothing the bench writes is retained), then the bucket. */
    void deleteWithEverything() {
        while (true) {
            String listing = send(SdkHttpMethod.GET, name + "?versions", Map.of());
            Matcher m = VERSION.matcher(listing);
            boolean any = false;
            while (m.find()) {
                any = true;
                send(SdkHttpMethod.DELETE, name + "/" + m.group(1) + "?versionId="
                        + URLEncoder.encode(m.group(2), StandardCharsets.UTF_8), Map.of());
            }
            if (!any) {
                break;
            }
        }
        send(SdkHttpMethod.DELETE, name, Map.of());
    }

    private String send(SdkHttpMethod method, String path, Map<String, String> headers) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(endpoint.resolve(path))
                .putHeader("x-amz-content-sha256", EMPTY_SHA256);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(new byte[0]))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .method(method.name(), HttpRequest.BodyPublishers.noBody());
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!List.of("host", "content-length", "connection").contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("S3 " + method + " /" + path + " -> " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("S3 " + method + " /" + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
