package io.permafrost.it;

import io.permafrost.testing.TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.auth.scheme.GlacierAuthSchemeProvider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SDK clients for the test identities that sign with the server's clock, so a test can move time by
 * a year (retention) without every request failing the signature's clock-skew check.
 */
final class IdentityClients implements AutoCloseable {
    private final TestServer server;
    private final Map<String, GlacierClient> byKey = new HashMap<>();
    private final List<GlacierClient> extra = new ArrayList<>();

    IdentityClients(TestServer server) {
        this.server = server;
    }

    /** The client signing with access key {@code key}. */
    GlacierClient as(String key) {
        return byKey.computeIfAbsent(key, k -> build(k, null));
    }

    GlacierClient root() {
        return as(Identities.OWNER_ROOT);
    }

    /**
     * A client whose every request carries {@code body} instead of what the SDK marshalled: the only
     * way to send what a hand-written client might, such as the policy as a JSON object.
     */
    GlacierClient withRawBody(String key, String body) {
        GlacierClient client = build(key, body);
        extra.add(client);
        return client;
    }

    private GlacierClient build(String key, String rawBody) {
        GlacierAuthSchemeProvider serverClock = server.signingWithServerClock();
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none());
        if (rawBody != null) {
            override.addExecutionInterceptor(new RawBody(rawBody));
        }
        return GlacierClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key, Identities.secretOf(key))))
                .authSchemeProvider(serverClock)
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(override.build())
                .build();
    }

    @Override
    public void close() {
        byKey.values().forEach(GlacierClient::close);
        extra.forEach(GlacierClient::close);
    }

    /** Replaces the request body before signing, so the signature still covers what is sent. */
    private static final class RawBody implements ExecutionInterceptor {
        private final byte[] body;

        RawBody(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().putHeader("Content-Length", Integer.toString(body.length)).build();
        }

        @Override
        public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return Optional.of(RequestBody.fromBytes(body));
        }
    }
}
