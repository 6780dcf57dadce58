package io.permafrost.sns;

import io.permafrost.notify.SnsEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * Publishing a job notification: to a topic of this server, each subscription gets the SNS envelope
 * (the job JSON as {@code Message}) -- a queue as its message body, a URL as a POST; a topic this server
 * does not hold goes to the configured HTTP endpoints, as before topics existed here.
 */
public final class TopicFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFanOut.class);

    /** POSTs the message of a topic to the given endpoints, in the background. */
    public interface HttpDelivery {
        void deliver(String topicArn, String message, List<URI> endpoints);
    }

    private final TopicService topics;
    private final BiPredicate<String, String> queueDelivery;
    private final HttpDelivery httpDelivery;
    private final BiConsumer<String, String> otherTopics;
    private final Clock clock;

    /**
     * @param queueDelivery (queue ARN, body) -> whether the queue took it
     * @param otherTopics publishes to a topic that is not one of this server's
     */
    public TopicFanOut(TopicService topics, BiPredicate<String, String> queueDelivery, HttpDelivery httpDelivery,
                       BiConsumer<String, String> otherTopics, Clock clock) {
        this.topics = topics;
        this.queueDelivery = queueDelivery;
        this.httpDelivery = httpDelivery;
        this.otherTopics = otherTopics;
        this.clock = clock;
    }

    public void publish(String topicArn, String message) {
        List<SubscriptionRecord> subscriptions = topics.fanOut(topicArn).orElse(null);
        if (subscriptions == null) {
            otherTopics.accept(topicArn, message);
            return;
        }
        String envelope = SnsEnvelope.notification(UUID.randomUUID().toString(), topicArn, message, clock.instant());
        List<URI> urls = subscriptions.stream().filter(s -> s.protocol().startsWith("http"))
                .map(s -> URI.create(s.endpoint())).toList();
        for (SubscriptionRecord subscription : subscriptions) {
            if (subscription.protocol().equals("sqs") && !queueDelivery.test(subscription.endpoint(), envelope)) {
                LOG.warn("notification for {} dropped for subscription {}: queue {} does not exist", topicArn,
                        subscription.arn(), subscription.endpoint());
            }
        }
        if (!urls.isEmpty()) {
            httpDelivery.deliver(topicArn, message, urls);
        }
        if (subscriptions.isEmpty()) {
            LOG.info("notification for {} has no subscription; dropped", topicArn);
        }
    }
}
