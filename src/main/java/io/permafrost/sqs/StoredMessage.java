package io.permafrost.sqs;

import java.time.Instant;

/**
 * One message of a queue. {@code receiptHandle} is the handle of its latest receive (null before the
 * first); {@code receiveCount} how often it was received.
 */
public record StoredMessage(String messageId, String body, String md5OfBody, Instant sentAt, Instant visibleAt,
                            int receiveCount, String receiptHandle, Instant firstReceivedAt) {
}
