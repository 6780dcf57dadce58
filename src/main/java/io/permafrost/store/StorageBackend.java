package io.permafrost.store;

import io.permafrost.session.ConsoleSessionStore;
import io.permafrost.sns.TopicStore;
import io.permafrost.sqs.QueueStore;

import java.time.Clock;
import java.util.Optional;

/**
 * Where a server keeps its state: the metadata stores and the blob store, opened together and checked
 * before anything is served. Embedded (SQLite + files in one data directory) and cluster (PostgreSQL +
 * an object store shared by any number of nodes) are its two implementations; {@code serve}, {@code scrub}
 * and the test harness obtain storage only through it, so the domain never knows which one runs.
 */
public interface StorageBackend extends AutoCloseable {

    MetadataStore metadata();

    BlobStore blobs();

    /** The SNS topics and subscriptions this server serves (on the same database as the metadata). */
    TopicStore topics();

    /** The SQS queues and their messages this server serves (on the same database as the metadata). */
    QueueStore queues();

    /** The web console's sessions (on the same database as the metadata, so every node knows each one). */
    ConsoleSessionStore consoleSessions();

    /**
     * Whether other nodes write to the same stores: then nothing a node keeps in memory (a long poll
     * waiting for a send, say) hears of another node's writes, and must look again by itself.
     */
    default boolean sharedByNodes() {
        return false;
    }

    /**
     * The periodic pass that deletes stored blobs nothing refers to and never will (a node killed between
     * writing a blob and committing its metadata leaves one), judged by {@code clock}; to be run on one node
     * at a time. Empty where the start-up sweep does that instead (one process, nothing in flight at start).
     */
    default Optional<Runnable> orphanCollection(Clock clock) {
        return Optional.empty();
    }

    /** Leases, the notification outbox and the blob deletion queue: how the nodes share background work. */
    Coordination coordination();

    /**
     * The clock due times, expiries and leases are read from, given the one the server was started with:
     * that one itself where one process is the only node, the database's where several nodes share it.
     */
    default Clock timeSource(Clock requested) {
        return requested;
    }

    /**
     * Where the compliance clock is kept when several nodes share this backend; empty where one process
     * is the only node (it keeps the clock in its own data directory).
     */
    default Optional<ComplianceClockRow> complianceClockRow() {
        return Optional.empty();
    }

    /** Closes the metadata store (and lets go of whatever the backend holds exclusively). */
    @Override
    void close();

    /**
     * The caller's own start-up check of the stored state (the identity pin, accounts that own vaults),
     * run by the backend after its metadata is open and before anything else writes to it or sweeps; a
     * refusal (any runtime exception) closes the backend and is rethrown.
     */
    @FunctionalInterface
    interface Admission {
        Admission NONE = vaults -> { };

        void admit(VaultStore vaults);
    }
}
