package io.permafrost.sqs;

import java.time.Instant;
import java.util.Map;

/**
 * A queue as stored: its owner, name and the attributes set on it (only those a caller set; defaults
 * are filled in when they are read).
 */
public record QueueRecord(String accountId, String name, Map<String, String> attributes, Instant createdAt,
                          Instant modifiedAt) {

    public QueueRecord {
        attributes = Map.copyOf(attributes);
    }
}
