package io.permafrost.vault;

/**
 * Publishes a message to an SNS topic ARN, however the server is configured to deliver it (HTTP
 * endpoints, a real SNS, or only a log line). Must return at once: delivery happens in the background.
 */
@FunctionalInterface
public interface TopicPublisher {

    void publish(String topicArn, String message);
}
