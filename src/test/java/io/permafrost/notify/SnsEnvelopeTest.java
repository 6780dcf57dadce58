package io.permafrost.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnsEnvelopeTest {

    @Test
    void envelopeCarriesTheMessageAsAStringInSnsMemberOrder() throws Exception {
        String message = "{\"Action\":\"ArchiveRetrieval\",\"Completed\":true}";
        String json = SnsEnvelope.notification("5e1a1c52-7d5c-4c5b-a3a4-000000000001",
                "arn:aws:sns:us-east-1:111122223333:restores", message, Instant.parse("2020-11-05T15:20:50.362Z"));
        JsonNode node = new ObjectMapper().readTree(json);
        List<String> members = new ArrayList<>();
        node.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactly("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
                "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes");
        assertThat(node.get("Type").asText()).isEqualTo("Notification");
        assertThat(node.get("MessageId").asText()).isEqualTo("5e1a1c52-7d5c-4c5b-a3a4-000000000001");
        assertThat(node.get("TopicArn").asText()).isEqualTo("arn:aws:sns:us-east-1:111122223333:restores");
        assertThat(node.get("Subject").isNull()).isTrue();
        assertThat(node.get("Message").isTextual()).isTrue();
        assertThat(node.get("Message").textValue()).isEqualTo(message);
        assertThat(node.get("Timestamp").asText()).isEqualTo("2020-11-05T15:20:50.362Z");
        assertThat(node.get("SignatureVersion").asText()).isEqualTo("1");
        assertThat(node.get("MessageAttributes").isObject()).isTrue();
        assertThat(node.get("MessageAttributes").size()).isZero();
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        NotificationTargets targets = NotificationTargets.of(Map.of())
                .withRetries(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(targets.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(targets.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(targets.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(targets.backoffAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(targets.backoffAfter(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(targets.backoffAfter(60)).isEqualTo(Duration.ofMillis(1000));
    }
}
