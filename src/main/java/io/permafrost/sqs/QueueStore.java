package io.permafrost.sqs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where queues and their messages are kept. Every method is one durable transaction: a message whose
 * send returned survives a crash, and a receive that returned has made its messages invisible.
 * The embedded server keeps them in SQLite; a shared database can implement the same for a cluster.
 */
public interface QueueStore {

    /** Stores {@code queue} unless the owner already has one of that name; returns the stored one. */
    QueueRecord createIfAbsent(QueueRecord queue);

    Optional<QueueRecord> find(String accountId, String name);

    /** Merges {@code attributes} into the queue's; false when the queue does not exist. */
    boolean setAttributes(String accountId, String name, Map<String, String> attributes, Instant now);

    /** Deletes the queue and all its messages; false when it did not exist. */
    boolean delete(String accountId, String name);

    /** Appends a message; false when the queue does not exist (nothing stored). */
    boolean send(String accountId, String name, StoredMessage message);

    /**
     * Takes up to {@code max} messages visible at {@code now} (oldest first), gives each a new receipt
     * handle and hides it until {@code invisibleUntil}; messages older than {@code retainedSince} are
     * dropped first.
     */
    List<StoredMessage> receive(String accountId, String name, int max, Instant now, Instant invisibleUntil,
                                Instant retainedSince, Supplier<String> receiptHandles);

    /** Deletes the message whose latest receipt handle this is; false when no message has it (any more). */
    boolean deleteMessage(String accountId, String name, String receiptHandle);

    QueueCounts counts(String accountId, String name, Instant now);
}
