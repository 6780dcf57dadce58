package io.permafrost.sns;

import java.util.List;
import java.util.Optional;

/**
 * Where topics and their subscriptions are kept, each method one durable transaction. The embedded
 * server keeps them in SQLite; a shared database can implement the same for a cluster.
 */
public interface TopicStore {

    /** Stores {@code topic} unless one with its ARN exists; returns the stored one. */
    TopicRecord createIfAbsent(TopicRecord topic);

    Optional<TopicRecord> find(String topicArn);

    /** Deletes the topic and its subscriptions; false when it did not exist. */
    boolean delete(String topicArn);

    /**
     * Stores {@code subscription} unless its topic already has one with the same protocol and endpoint
     * (returned instead); empty when the topic does not exist (nothing stored).
     */
    Optional<SubscriptionRecord> subscribeIfAbsent(SubscriptionRecord subscription);

    Optional<SubscriptionRecord> subscription(String subscriptionArn);

    boolean unsubscribe(String subscriptionArn);

    List<SubscriptionRecord> subscriptions(String topicArn);
}
