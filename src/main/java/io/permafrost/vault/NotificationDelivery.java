package io.permafrost.vault;

import io.permafrost.glacier.VaultArn;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobStore;
import io.permafrost.store.NodeId;
import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.NotificationOutbox.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Delivers the notification outbox: claims due rows with a lease (any node may; the lease keeps two
 * from sending one row at once), renders each from its completed job, publishes it, and deletes the
 * row once every topic took it. A failure is retried with backoff up to the configured attempts, then
 * the row is kept as dead and logged. A node that dies mid-delivery leaves its rows leased; they are
 * claimed again when the lease runs out, so a notification is delivered at least once.
 */
public final class NotificationDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDelivery.class);
    private static final long POLL_MILLIS = 100;
    private static final int BATCH = 16;
    /** Longer than a delivery may take: a few endpoints at their request timeout. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final NotificationOutbox outbox;
    private final JobStore jobs;
    private final JobNotifier notifier;
    private final int maxAttempts;
    private final IntFunction<Duration> backoffAfter;
    private final Clock clock;
    private final NodeId node;
    private final String region;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notification-delivery");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param backoffAfter the wait after {@code n} failed attempts
     */
    public NotificationDelivery(NotificationOutbox outbox, JobStore jobs, JobNotifier notifier, int maxAttempts,
                                IntFunction<Duration> backoffAfter, Clock clock, NodeId node, String region) {
        this.outbox = outbox;
        this.jobs = jobs;
        this.notifier = notifier;
        this.maxAttempts = maxAttempts;
        this.backoffAfter = backoffAfter;
        this.clock = clock;
        this.node = node;
        this.region = region;
    }

    public void start() {
        loop.scheduleWithFixedDelay(this::deliverQuietly, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void deliverQuietly() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.warn("notification delivery pass failed: {}", e.getMessage());
        }
    }

    /** One pass: delivers every notification due now; returns how many rows it handled. */
    public int deliverDue() {
        Instant now = clock.instant();
        int handled = 0;
        for (Pending pending : outbox.claim(node.value(), now, now.plus(LEASE), BATCH)) {
            deliver(pending, now);
            handled++;
        }
        return handled;
    }

    /** {@code now}: when the attempt began; the backoff counts from there, however long the attempt took. */
    private void deliver(Pending pending, Instant now) {
        Optional<JobRecord> found = jobs.find(pending.vaultId(), pending.jobId());
        if (found.isEmpty()) {
            LOG.warn("notification for job {} dropped: the job expired or its vault was deleted before delivery",
                    pending.jobId());
            outbox.delivered(pending.id());
            return;
        }
        JobRecord job = found.get();
        String arn = new VaultArn(region, job.accountId(), job.vaultName()).arn();
        boolean delivered;
        String error = "not every endpoint took it";
        try {
            delivered = notifier.notifyTopics(job.vaultId(), arn, job.snsTopic(), JobDescription.completionEvent(job),
                    JobDescription.of(job, arn), messageId(pending), job.completionDate());
        } catch (RuntimeException e) {
            delivered = false;
            error = e.toString();
        }
        if (delivered) {
            outbox.delivered(pending.id());
            return;
        }
        int attempts = pending.attempts() + 1;
        if (attempts >= maxAttempts) {
            LOG.error("notification for job {} of {} could not be delivered after {} attempt(s); kept as dead in the "
                    + "outbox: {}", job.jobId(), arn, attempts, error);
            outbox.dead(pending.id(), attempts, now, error);
            return;
        }
        Duration wait = backoffAfter.apply(attempts);
        LOG.warn("notification for job {} failed ({}); attempt {} of {} in {} ms", job.jobId(), error, attempts + 1,
                maxAttempts, wait.toMillis());
        outbox.retryAt(pending.id(), attempts, now.plus(wait), error);
    }

    /** One id per notification, whoever sends it and however often: SNS keeps a message's id across retries. */
    private static String messageId(Pending pending) {
        return UUID.nameUUIDFromBytes(("job-notification " + pending.jobId()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
