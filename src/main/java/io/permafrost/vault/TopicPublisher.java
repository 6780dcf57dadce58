package io.permafrost.vault;

import java.time.Instant;

/**
 * Publishes a message to an SNS topic ARN, however the server is configured to deliver it (HTTP
 * endpoints, a real SNS, or only a log line), and says whether it was delivered. It may block for a
 * request timeout: the outbox loop calls it, never a request or a job.
 */
@FunctionalInterface
public interface TopicPublisher {

    /**
     * @param messageId the same on every attempt of one notification, so a receiver can drop duplicates
     * @param timestamp when the notification was published (the job's completion), the same on every attempt
     * @return true when delivered (or when nothing is configured to receive it), false to be retried
     */
    boolean publish(String topicArn, String messageId, String message, Instant timestamp);
}
