package io.permafrost.migrate;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.net.URI;

/**
 * Where the vaults come from: any Glacier vault API endpoint (AWS itself when {@code endpoint} is null, or
 * another Permafrost), its region, and the credentials as the AWS SDK takes them: a named profile, or the
 * default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, system properties, the default profile, ...).
 */
public record SourceEndpoint(URI endpoint, String region, String profile) {

    /**
     * A client with the SDK's own retries off: {@link TransientRetry} retries with a backoff long enough for
     * a throttled or restarting source, and counts the attempts itself.
     */
    public GlacierClient client(int connections) {
        var builder = GlacierClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(Math.max(connections, 2)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        return profile == null ? DefaultCredentialsProvider.builder().build() : ProfileCredentialsProvider.create(profile);
    }
}
