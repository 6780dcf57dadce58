package io.permafrost.sns;

/**
 * A subscription of a topic: {@code protocol} {@code sqs} with a queue ARN as endpoint, or
 * {@code http}/{@code https} with a URL.
 */
public record SubscriptionRecord(String arn, String topicArn, String ownerAccountId, String protocol, String endpoint) {
}
