package io.permafrost.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.permafrost.store.VaultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends the completion notifications of spec 12.4: the job's description, as DescribeJob shows it, to
 * the job's own SNSTopic and to the vault's configured topic when its Events include the event (both
 * when both exist). Synchronous: {@link NotificationDelivery} calls it for each outbox row and retries
 * the row when any topic did not take it (so a topic that did may get it again: at least once).
 */
public final class JobNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(JobNotifier.class);
    // Alphabetical members and explicit nulls: the shape of the captured real notification.
    private static final ObjectMapper MESSAGE_MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final VaultStore vaults;
    private final TopicPublisher publisher;

    public JobNotifier(VaultStore vaults, TopicPublisher publisher) {
        this.vaults = vaults;
        this.publisher = publisher;
    }

    /** Publishes to every topic that wants the event; true when each took it (or none wants it). */
    public boolean notifyTopics(long vaultId, String vaultArn, String jobSnsTopic, String event,
                                Map<String, Object> jobDescription, String messageId, Instant timestamp) {
        List<String> topics = new ArrayList<>(2);
        if (jobSnsTopic != null) {
            topics.add(jobSnsTopic);
        }
        vaults.notificationConfig(vaultId).map(VaultNotifications::fromJson)
                .filter(config -> config.events().contains(event))
                .ifPresent(config -> topics.add(config.snsTopic()));
        String message = messageBody(jobDescription);
        boolean all = true;
        for (String topic : topics) {
            if (!publisher.publish(topic, messageId, message, timestamp)) {
                LOG.debug("the {} notification for {} did not reach every endpoint of {}", event, vaultArn, topic);
                all = false;
            }
        }
        return all;
    }

    /** The SNS {@code Message}: the job description as compact JSON, members alphabetical, nulls kept. */
    public static String messageBody(Map<String, Object> jobDescription) {
        try {
            return MESSAGE_MAPPER.writeValueAsString(jobDescription);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job description is not serializable", e);
        }
    }
}
