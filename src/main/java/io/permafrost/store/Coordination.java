package io.permafrost.store;

/**
 * The pieces that let several nodes share background work through the metadata store, without a
 * cluster of our own: leases, the notification outbox and the blob deletion queue (job claims are
 * part of {@link JobStore}).
 */
public interface Coordination {

    LeaseStore leases();

    NotificationOutbox outbox();

    BlobDeletionQueue deletions();
}
