package io.permafrost.store.cluster;

import io.permafrost.store.BlobDeletionQueue;
import io.permafrost.store.Coordination;
import io.permafrost.store.LeaseStore;
import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.sql.SqlLeaseStore;
import io.permafrost.store.sql.SqlNotificationOutbox;

/**
 * Leases, outbox and deletion queue in the cluster's PostgreSQL database. Unlike the embedded one it
 * never drops the claims of earlier processes at start: other nodes may be alive and holding them.
 */
public final class PostgresCoordination implements Coordination {
    private final LeaseStore leases;
    private final NotificationOutbox outbox;
    private final BlobDeletionQueue deletions;

    public PostgresCoordination(PostgresDatabase db) {
        Transactions tx = db.transactions();
        PostgresEngine engine = new PostgresEngine(tx);
        this.leases = new SqlLeaseStore(engine);
        this.outbox = new SqlNotificationOutbox(engine);
        this.deletions = new PostgresBlobDeletionQueue(tx);
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public NotificationOutbox outbox() {
        return outbox;
    }

    @Override
    public BlobDeletionQueue deletions() {
        return deletions;
    }
}
