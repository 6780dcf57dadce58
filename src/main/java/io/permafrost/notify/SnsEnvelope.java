package io.permafrost.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.GlacierDates;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON document an SNS subscriber receives for a published message (spec 12.4): {@code Type},
 * {@code MessageId}, {@code TopicArn}, {@code Subject} (null: Glacier publishes without one),
 * {@code Message} (the job description as a string), {@code Timestamp}, the signature members and
 * {@code MessageAttributes}. Permafrost does not hold AWS's SNS signing key, so the signature members
 * are present but empty: subscribers that verify SNS signatures must be told not to.
 */
public final class SnsEnvelope {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnsEnvelope() {
    }

    public static String notification(String messageId, String topicArn, String message, Instant timestamp) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", messageId);
        envelope.put("TopicArn", topicArn);
        envelope.put("Subject", null);
        envelope.put("Message", message);
        envelope.put("Timestamp", GlacierDates.millis(timestamp));
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", "");
        envelope.put("SigningCertURL", "");
        envelope.put("UnsubscribeURL", "");
        envelope.put("MessageAttributes", Map.of());
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SNS envelope is not serializable", e);
        }
    }
}
