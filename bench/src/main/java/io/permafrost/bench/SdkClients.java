package io.permafrost.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.net.URI;
import java.time.Duration;

/** The unchanged AWS SDK v2 Glacier client, as a user would configure it: endpoint override only. */
final class SdkClients {
    private SdkClients() {
    }

    static GlacierClient glacier(String endpoint, Credentials credentials, int maxConnections) {
        SdkHttpClient http = ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                .socketTimeout(Duration.ofMinutes(10))
                .build();
        return GlacierClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .httpClient(http)
                // A benchmark counts what happened: a failed call is reported, never silently retried.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
