package io.permafrost.sns;

import java.time.Instant;

/** A topic: its ARN ({@code arn:aws:sns:region:account:name}), owner and name. */
public record TopicRecord(String arn, String accountId, String name, Instant createdAt) {
}
