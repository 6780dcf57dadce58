package io.permafrost.sqs;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The SQS operations Glacier's download workflows use. A queue belongs to the account that created it:
 * a caller of another account is refused (AccessDenied) whatever the queue's stored policy says; the
 * policy is kept and returned, not evaluated.
 */
public final class QueueService implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_RECEIVE = 10;
    private static final int MAX_WAIT_SECONDS = 20;
    private static final int MAX_VISIBILITY_SECONDS = 43_200;

    private final QueueStore store;
    private final Clock clock;
    private final String region;
    private final WaitingReceives waiting;

    /** For a server whose queues only it writes: a long poll is woken by this server's own sends. */
    public QueueService(QueueStore store, Clock clock, String region) {
        this(store, clock, region, Duration.ZERO);
    }

    /**
     * {@code crossNodeRecheck}: where other nodes send to the same queues, how often a waiting long poll
     * looks again (a send through another node cannot wake it); zero where this server is the only one.
     */
    public QueueService(QueueStore store, Clock clock, String region, Duration crossNodeRecheck) {
        this.store = store;
        this.clock = clock;
        this.region = region;
        this.waiting = new WaitingReceives(crossNodeRecheck);
    }

    /** A message as SendMessage answers it. */
    public record Sent(String messageId, String md5OfBody) {
    }

    public QueueRef createQueue(Caller caller, String name, Map<String, String> attributes) {
        if (name == null || name.isEmpty()) {
            throw missing("QueueName");
        }
        if (!NAME.matcher(name).matches()) {
            throw new GlacierException(ErrorCode.SQS_INVALID_PARAMETER_VALUE, name.endsWith(".fifo")
                    ? "FIFO queues are not supported by this server (it implements only the Glacier workflow subset)."
                    : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        Map<String, String> valid = QueueAttributes.validated(attributes);
        Instant now = clock.instant();
        QueueRecord stored = store.createIfAbsent(new QueueRecord(caller.accountId(), name, valid, now, now));
        for (Map.Entry<String, String> wanted : valid.entrySet()) {
            if (!wanted.getValue().equals(QueueAttributes.withDefaults(stored).get(wanted.getKey()))) {
                throw new GlacierException(ErrorCode.SQS_QUEUE_ALREADY_EXISTS, "A queue already exists with the same "
                        + "name and a different value for attribute " + wanted.getKey());
            }
        }
        return new QueueRef(stored.accountId(), stored.name());
    }

    /** GetQueueUrl: the caller's own queue, or {@code ownerAccountId}'s when given. */
    public QueueRef queueNamed(Caller caller, String name, String ownerAccountId) {
        if (name == null || name.isEmpty()) {
            throw missing("QueueName");
        }
        QueueRef ref = new QueueRef(ownerAccountId == null || ownerAccountId.isEmpty()
                ? caller.accountId() : ownerAccountId, name);
        return new QueueRef(owned(caller, ref).accountId(), name);
    }

    /** The requested attributes ({@code All} for every one), with the computed ones. */
    public Map<String, String> attributes(Caller caller, QueueRef ref, List<String> names) {
        QueueRecord queue = owned(caller, ref);
        QueueCounts counts = store.counts(ref.accountId(), ref.name(), clock.instant());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("QueueArn", ref.arn(region));
        all.put("ApproximateNumberOfMessages", String.valueOf(counts.visible()));
        all.put("ApproximateNumberOfMessagesNotVisible", String.valueOf(counts.notVisible()));
        all.put("ApproximateNumberOfMessagesDelayed", String.valueOf(counts.delayed()));
        all.put("CreatedTimestamp", String.valueOf(queue.createdAt().getEpochSecond()));
        all.put("LastModifiedTimestamp", String.valueOf(queue.modifiedAt().getEpochSecond()));
        all.putAll(QueueAttributes.withDefaults(queue));
        if (names.contains("All")) {
            return all;
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String name : names) {
            if (all.containsKey(name)) {
                chosen.put(name, all.get(name));
            } else if (!QueueAttributes.POLICY.equals(name)) {
                throw QueueAttributes.unknown(name);
            }
        }
        return chosen;
    }

    public void setAttributes(Caller caller, QueueRef ref, Map<String, String> attributes) {
        owned(caller, ref);
        Map<String, String> valid = QueueAttributes.validated(attributes);
        if (!store.setAttributes(ref.accountId(), ref.name(), valid, clock.instant())) {
            throw nonExistent();
        }
    }

    public void deleteQueue(Caller caller, QueueRef ref) {
        owned(caller, ref);
        store.delete(ref.accountId(), ref.name());
        waiting.wake(ref);
    }

    public Sent send(Caller caller, QueueRef ref, String body, Integer delaySeconds) {
        QueueRecord queue = owned(caller, ref);
        if (body == null || body.isEmpty()) {
            throw missing("MessageBody");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > QueueAttributes.number(queue, QueueAttributes.MAX_SIZE)) {
            throw new GlacierException(ErrorCode.SQS_INVALID_PARAMETER_VALUE, "One or more parameters are invalid. "
                    + "Reason: Message must be shorter than " + QueueAttributes.number(queue, QueueAttributes.MAX_SIZE)
                    + " bytes.");
        }
        long delay = delaySeconds != null ? delaySeconds : QueueAttributes.number(queue, QueueAttributes.DELAY);
        if (delay < 0 || delay > 900) {
            throw invalidParameter("DelaySeconds", delay, "Must be between 0 and 900, if provided.");
        }
        return append(ref, body, Duration.ofSeconds(delay))
                .orElseThrow(QueueService::nonExistent);
    }

    /**
     * Delivery from an SNS topic's subscription: no caller, the topic owner's subscription is the
     * authority. False when the queue no longer exists (the message is dropped, as SNS drops it).
     */
    public boolean deliver(String queueArn, String body) {
        return QueueRef.fromArn(queueArn, region)
                .flatMap(ref -> store.find(ref.accountId(), ref.name())
                        .flatMap(queue -> append(ref, body, Duration.ofSeconds(QueueAttributes.number(queue,
                                QueueAttributes.DELAY)))))
                .isPresent();
    }

    private java.util.Optional<Sent> append(QueueRef ref, String body, Duration delay) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        String md5 = md5Hex(body);
        if (!store.send(ref.accountId(), ref.name(),
                new StoredMessage(id, body, md5, now, now.plus(delay), 0, null, null))) {
            return java.util.Optional.empty();
        }
        waiting.wake(ref);
        return java.util.Optional.of(new Sent(id, md5));
    }

    /**
     * ReceiveMessage: up to {@code max} messages, hidden for the visibility timeout; with a wait time
     * (the call's, else the queue's) the answer waits for a message that long, holding no thread.
     */
    public CompletableFuture<List<StoredMessage>> receive(Caller caller, QueueRef ref, Integer max,
                                                          Integer visibilitySeconds, Integer waitSeconds) {
        QueueRecord queue = owned(caller, ref);
        int count = max == null ? 1 : max;
        if (count < 1 || count > MAX_RECEIVE) {
            throw invalidParameter("MaxNumberOfMessages", count, "Must be between 1 and 10, if provided.");
        }
        long visibility = visibilitySeconds != null ? visibilitySeconds
                : QueueAttributes.number(queue, QueueAttributes.VISIBILITY_TIMEOUT);
        if (visibility < 0 || visibility > MAX_VISIBILITY_SECONDS) {
            throw invalidParameter("VisibilityTimeout", visibility, "Must be between 0 and 43200, if provided.");
        }
        long wait = waitSeconds != null ? waitSeconds : QueueAttributes.number(queue, QueueAttributes.RECEIVE_WAIT);
        if (wait < 0 || wait > MAX_WAIT_SECONDS) {
            throw invalidParameter("WaitTimeSeconds", wait, "Must be >= 0 and <= 20, if provided.");
        }
        long retention = QueueAttributes.number(queue, QueueAttributes.RETENTION);
        return waiting.receive(ref, Duration.ofSeconds(wait), () -> {
            Instant now = clock.instant();
            return store.receive(ref.accountId(), ref.name(), count, now, now.plusSeconds(visibility),
                    now.minusSeconds(retention), () -> UUID.randomUUID().toString());
        });
    }

    public void deleteMessage(Caller caller, QueueRef ref, String receiptHandle) {
        owned(caller, ref);
        if (receiptHandle == null || receiptHandle.isEmpty()) {
            throw missing("ReceiptHandle");
        }
        // A handle that is well formed but no longer current (the message was received again, or is
        // gone) deletes nothing and is not an error, as in SQS; one this server never issued is.
        if (!store.deleteMessage(ref.accountId(), ref.name(), receiptHandle) && !looksIssued(receiptHandle)) {
            throw new GlacierException(ErrorCode.SQS_RECEIPT_HANDLE_INVALID,
                    "The input receipt handle \"" + receiptHandle + "\" is not a valid receipt handle.");
        }
    }

    private static boolean looksIssued(String receiptHandle) {
        try {
            UUID.fromString(receiptHandle);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The queue, if the caller's account owns it; AccessDenied for another account's, as SQS answers. */
    private QueueRecord owned(Caller caller, QueueRef ref) {
        if (!caller.accountId().equals(ref.accountId())) {
            throw new GlacierException(ErrorCode.SQS_ACCESS_DENIED, "Access to the resource " + ref.path()
                    + " is denied.");
        }
        return store.find(ref.accountId(), ref.name()).orElseThrow(QueueService::nonExistent);
    }

    private static GlacierException nonExistent() {
        return new GlacierException(ErrorCode.SQS_NON_EXISTENT_QUEUE,
                "The specified queue does not exist or you do not have access to it.");
    }

    private static GlacierException missing(String parameter) {
        return new GlacierException(ErrorCode.SQS_MISSING_PARAMETER,
                "The request must contain the parameter " + parameter + ".");
    }

    private static GlacierException invalidParameter(String parameter, long value, String reason) {
        return new GlacierException(ErrorCode.SQS_INVALID_PARAMETER_VALUE,
                "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
    }

    static String md5Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JVM", e);
        }
    }

    @Override
    public void close() {
        waiting.close();
    }
}
