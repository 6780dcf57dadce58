package io.permafrost.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.net.URI;
import java.time.Duration;

/** The unchanged AWS SDK v2 Glacier client, as a user would configure it: endpoint override only. */
final class SdkClients {
    /** The SDK's synchronous HTTP clients, each a one-line choice on the client builder. */
    static final String APACHE = "apache";
    static final String URL_CONNECTION = "url-connection";
    static final String CRT = "crt";

    private SdkClients() {
    }

    static GlacierClient glacier(String endpoint, Credentials credentials, int maxConnections) {
        return glacier(endpoint, credentials, maxConnections, APACHE);
    }

    static GlacierClient glacier(String endpoint, Credentials credentials, int maxConnections, String httpClient) {
        return GlacierClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .httpClient(http(httpClient, maxConnections))
                // A benchmark counts what happened: a failed call is reported, never silently retried.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static SdkHttpClient http(String name, int maxConnections) {
        Duration patient = Duration.ofMinutes(10);
        return switch (name) {
            case APACHE -> ApacheHttpClient.builder().maxConnections(maxConnections).socketTimeout(patient).build();
            case URL_CONNECTION -> UrlConnectionHttpClient.builder().socketTimeout(patient).build();
            case CRT -> AwsCrtHttpClient.builder().maxConcurrency(maxConnections).build();
            default -> throw new IllegalArgumentException("--http-client must be " + APACHE + ", " + URL_CONNECTION
                    + " or " + CRT + ", got " + name);
        };
    }

    static String describe(String name) {
        return switch (name) {
            case APACHE -> "ApacheHttpClient (the SDK default)";
            case URL_CONNECTION -> "UrlConnectionHttpClient";
            case CRT -> "AwsCrtHttpClient";
            default -> name;
        };
    }
}
