package io.permafrost.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers messages published to an SNS topic ARN to the HTTP(S) endpoints configured for it, the way
 * an SNS HTTP subscription does: a POST of the SNS envelope with the {@code x-amz-sns-*} headers.
 * Any 2xx answer is a delivery; anything else (or no answer) is retried with exponential backoff up
 * to the configured attempts, then logged and dropped. {@link #publish} only queues the message: building
 * the envelope, sending (asynchronously) and scheduling retries all happen on a background thread. At-least-once: a slow
 * endpoint that times out but did receive the POST gets it again.
 */
public final class HttpNotificationSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpNotificationSender.class);
    private static final String USER_AGENT = "Amazon Simple Notification Service Agent";

    private final NotificationTargets targets;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sns-http-delivery");
        t.setDaemon(true);
        return t;
    });

    private record Delivery(String topicArn, URI endpoint, String messageId, String body) {
    }

    public HttpNotificationSender(NotificationTargets targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(targets.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends {@code message} to every endpoint of {@code topicArn}; returns at once. */
    public void publish(String topicArn, String message) {
        try {
            background.execute(() -> send(topicArn, message));
        } catch (RejectedExecutionException e) {
            LOG.warn("notification for {} dropped: the server is shutting down", topicArn);
        }
    }

    /** Sends {@code message} to {@code endpoints} (an SNS topic's http/https subscriptions); returns at once. */
    public void publish(String topicArn, String message, List<URI> endpoints) {
        try {
            background.execute(() -> send(topicArn, message, endpoints));
        } catch (RejectedExecutionException e) {
            LOG.warn("notification for {} dropped: the server is shutting down", topicArn);
        }
    }

    private void send(String topicArn, String message) {
        List<URI> endpoints = targets.topics().get(topicArn);
        if (endpoints == null || endpoints.isEmpty()) {
            LOG.warn("no endpoint is configured for SNS topic {}; notification dropped: {}", topicArn, message);
            return;
        }
        send(topicArn, message, endpoints);
    }

    private void send(String topicArn, String message, List<URI> endpoints) {
        // One message id for all endpoints, as SNS gives every subscription the same id.
        String messageId = UUID.randomUUID().toString();
        String body = SnsEnvelope.notification(messageId, topicArn, message, clock.instant());
        for (URI endpoint : endpoints) {
            attempt(new Delivery(topicArn, endpoint, messageId, body), 1);
        }
    }

    private void attempt(Delivery delivery, int attempt) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(delivery.endpoint())
                    .timeout(targets.requestTimeout())
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .header("User-Agent", USER_AGENT)
                    .header("x-amz-sns-message-type", "Notification")
                    .header("x-amz-sns-message-id", delivery.messageId())
                    .header("x-amz-sns-topic-arn", delivery.topicArn())
                    .header("x-amz-sns-subscription-arn", subscriptionArn(delivery))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        if (failure == null && response.statusCode() / 100 == 2) {
                            LOG.debug("notification {} delivered to {}", delivery.messageId(), delivery.endpoint());
                        } else {
                            retryLater(delivery, attempt, failure != null ? failure.toString()
                                    : "HTTP " + response.statusCode());
                        }
                    });
        } catch (RuntimeException e) {
            retryLater(delivery, attempt, e.toString());
        }
    }

    private void retryLater(Delivery delivery, int attempt, String why) {
        if (attempt >= targets.maxAttempts()) {
            LOG.error("notification {} for {} could not be delivered to {} after {} attempt(s), dropped; last "
                    + "failure: {}", delivery.messageId(), delivery.topicArn(), delivery.endpoint(), attempt, why);
            return;
        }
        Duration wait = targets.backoffAfter(attempt);
        LOG.warn("notification {} to {} failed ({}); attempt {} of {} in {} ms", delivery.messageId(),
                delivery.endpoint(), why, attempt + 1, targets.maxAttempts(), wait.toMillis());
        try {
            background.schedule(() -> attempt(delivery, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warn("notification {} to {} dropped: the server is shutting down", delivery.messageId(),
                    delivery.endpoint());
        }
    }

    /** A stable subscription ARN per topic and endpoint, shaped like SNS's ({@code topicArn:uuid}). */
    private static String subscriptionArn(Delivery delivery) {
        String key = delivery.topicArn() + " " + delivery.endpoint();
        return delivery.topicArn() + ":" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
