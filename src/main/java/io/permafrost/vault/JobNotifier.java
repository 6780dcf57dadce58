package io.permafrost.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.permafrost.store.VaultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends the completion notifications of spec 12.4: the job's description, as DescribeJob shows it, to
 * the job's own SNSTopic and to the vault's configured topic when its Events include the event (both
 * when both exist). The caller (the job runner) is never held up: everything, including reading the
 * vault's configuration, runs on this notifier's own thread, and delivery itself is the publisher's.
 */
public final class JobNotifier implements JobCompletionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobNotifier.class);
    // Alphabetical members and explicit nulls: the shape of the captured real notification.
    private static final ObjectMapper MESSAGE_MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final VaultStore vaults;
    private final TopicPublisher publisher;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job-notifier");
        t.setDaemon(true);
        return t;
    });

    public JobNotifier(VaultStore vaults, TopicPublisher publisher) {
        this.vaults = vaults;
        this.publisher = publisher;
    }

    @Override
    public void jobCompleted(long vaultId, String vaultArn, String jobSnsTopic, String event,
                             Map<String, Object> jobDescription) {
        try {
            background.execute(() -> notifyTopics(vaultId, vaultArn, jobSnsTopic, event, jobDescription));
        } catch (RejectedExecutionException e) {
            LOG.warn("notification for a job of {} dropped: the server is shutting down", vaultArn);
        }
    }

    private void notifyTopics(long vaultId, String vaultArn, String jobSnsTopic, String event,
                              Map<String, Object> jobDescription) {
        try {
            List<String> topics = new ArrayList<>(2);
            if (jobSnsTopic != null) {
                topics.add(jobSnsTopic);
            }
            vaults.notificationConfig(vaultId).map(VaultNotifications::fromJson)
                    .filter(config -> config.events().contains(event))
                    .ifPresent(config -> topics.add(config.snsTopic()));
            if (topics.isEmpty()) {
                return;
            }
            String message = messageBody(jobDescription);
            for (String topic : topics) {
                publisher.publish(topic, message);
            }
        } catch (RuntimeException e) {
            // A notification must never take the job down with it; the job's state is already final.
            LOG.warn("could not publish the {} notification for {}: {}", event, vaultArn, e.toString());
        }
    }

    /** The SNS {@code Message}: the job description as compact JSON, members alphabetical, nulls kept. */
    public static String messageBody(Map<String, Object> jobDescription) {
        try {
            return MESSAGE_MAPPER.writeValueAsString(jobDescription);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job description is not serializable", e);
        }
    }

    @Override
    public void close() {
        background.shutdown();
    }
}
