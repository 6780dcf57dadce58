package io.permafrost.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers a message published to an SNS topic ARN to the HTTP(S) endpoints configured for it, the way
 * an SNS HTTP subscription does: a POST of the SNS envelope with the {@code x-amz-sns-*} headers, to
 * every endpoint at once. Any 2xx answer is a delivery. One attempt per call and no queue of its own:
 * retries (with the backoff of {@link NotificationTargets}) are the notification outbox's, which
 * survives a crash where an in-memory queue would not.
 */
public final class HttpNotificationSender {
    private static final Logger LOG = LoggerFactory.getLogger(HttpNotificationSender.class);
    private static final String USER_AGENT = "Amazon Simple Notification Service Agent";

    private final NotificationTargets targets;
    /** Built on the first delivery: building one builds the default SSLContext (~270 classes, ~0.25 s of start-up). */
    private volatile HttpClient http;

    private record Delivery(String topicArn, URI endpoint, String messageId, String body) {
    }

    public HttpNotificationSender(NotificationTargets targets) {
        this.targets = targets;
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                client = http;
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(targets.requestTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                    http = client;
                }
            }
        }
        return client;
    }

    /** Whether an HTTP client has been built yet (tests: none may be before the first delivery). */
    boolean clientBuilt() {
        return http != null;
    }

    /**
     * Sends {@code message} to every endpoint of {@code topicArn} and waits for their answers (at most the
     * request timeout); true when every endpoint took it, or when none is configured (nothing to retry).
     */
    public boolean publish(String topicArn, String messageId, String message, Instant timestamp) {
        List<URI> endpoints = targets.topics().get(topicArn);
        if (endpoints == null || endpoints.isEmpty()) {
            LOG.warn("no endpoint is configured for SNS topic {}; notification dropped: {}", topicArn, message);
            return true;
        }
        return publish(topicArn, messageId, message, timestamp, endpoints);
    }

    /**
     * As {@link #publish(String, String, String, Instant)}, to the given endpoints (the http/https
     * subscriptions of a topic this server holds) instead of the configured ones.
     */
    public boolean publish(String topicArn, String messageId, String message, Instant timestamp, List<URI> endpoints) {
        String body = SnsEnvelope.notification(messageId, topicArn, message, timestamp);
        List<CompletableFuture<Boolean>> answers = new ArrayList<>();
        for (URI endpoint : endpoints) {
            answers.add(attempt(new Delivery(topicArn, endpoint, messageId, body)));
        }
        boolean all = true;
        for (CompletableFuture<Boolean> answer : answers) {
            all &= answer.join();
        }
        return all;
    }

    private CompletableFuture<Boolean> attempt(Delivery delivery) {
        try {
            HttpRequest request = HttpRequest.newBuilder(delivery.endpoint())
                    .timeout(targets.requestTimeout())
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .header("User-Agent", USER_AGENT)
                    .header("x-amz-sns-message-type", "Notification")
                    .header("x-amz-sns-message-id", delivery.messageId())
                    .header("x-amz-sns-topic-arn", delivery.topicArn())
                    .header("x-amz-sns-subscription-arn", subscriptionArn(delivery))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
            return http().sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> {
                        if (failure == null && response.statusCode() / 100 == 2) {
                            LOG.debug("notification {} delivered to {}", delivery.messageId(), delivery.endpoint());
                            return true;
                        }
                        LOG.warn("notification {} to {} failed: {}", delivery.messageId(), delivery.endpoint(),
                                failure != null ? failure.toString() : "HTTP " + response.statusCode());
                        return false;
                    });
        } catch (RuntimeException e) {
            LOG.warn("notification {} to {} failed: {}", delivery.messageId(), delivery.endpoint(), e.toString());
            return CompletableFuture.completedFuture(false);
        }
    }

    /** A stable subscription ARN per topic and endpoint, shaped like SNS's ({@code topicArn:uuid}). */
    private static String subscriptionArn(Delivery delivery) {
        String key = delivery.topicArn() + " " + delivery.endpoint();
        return delivery.topicArn() + ":" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
