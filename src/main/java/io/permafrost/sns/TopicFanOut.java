package io.permafrost.sns;

import io.permafrost.notify.SnsEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Publishing a job notification: to a topic of this server, each subscription gets the SNS envelope
 * (the job JSON as {@code Message}) -- a queue as its message body, a URL as a POST; a topic this server
 * does not hold goes to the configured HTTP endpoints, as before topics existed here.
 */
public final class TopicFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFanOut.class);

    /** Sends one notification; true when it was taken (false: the outbox retries it later). */
    public interface Publisher {
        boolean publish(String topicArn, String messageId, String message, Instant timestamp);
    }

    /** POSTs the message of a topic to the given endpoints and waits for their answers. */
    public interface HttpDelivery {
        boolean deliver(String topicArn, String messageId, String message, Instant timestamp, List<URI> endpoints);
    }

    private final TopicService topics;
    private final BiPredicate<String, String> queueDelivery;
    private final HttpDelivery httpDelivery;
    private final Publisher otherTopics;

    /**
     * @param queueDelivery (queue ARN, body) -> whether the queue took it
     * @param otherTopics publishes to a topic that is not one of this server's
     */
    public TopicFanOut(TopicService topics, BiPredicate<String, String> queueDelivery, HttpDelivery httpDelivery,
                       Publisher otherTopics) {
        this.topics = topics;
        this.queueDelivery = queueDelivery;
        this.httpDelivery = httpDelivery;
        this.otherTopics = otherTopics;
    }

    /**
     * Called by the notification outbox, which retries until this returns true: the message id and time
     * are the job's, so a retry delivers the same envelope (a queue may then hold it twice: at least once,
     * as SNS).
     */
    public boolean publish(String topicArn, String messageId, String message, Instant timestamp) {
        List<SubscriptionRecord> subscriptions = topics.fanOut(topicArn).orElse(null);
        if (subscriptions == null) {
            return otherTopics.publish(topicArn, messageId, message, timestamp);
        }
        String envelope = SnsEnvelope.notification(messageId, topicArn, message, timestamp);
        List<URI> urls = subscriptions.stream().filter(s -> s.protocol().startsWith("http"))
                .map(s -> URI.create(s.endpoint())).toList();
        for (SubscriptionRecord subscription : subscriptions) {
            if (subscription.protocol().equals("sqs") && !queueDelivery.test(subscription.endpoint(), envelope)) {
                LOG.warn("notification for {} dropped for subscription {}: queue {} does not exist", topicArn,
                        subscription.arn(), subscription.endpoint());
            }
        }
        if (subscriptions.isEmpty()) {
            LOG.info("notification for {} has no subscription; dropped", topicArn);
        }
        return urls.isEmpty() || httpDelivery.deliver(topicArn, messageId, message, timestamp, urls);
    }
}
