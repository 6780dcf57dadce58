package io.permafrost.store.embedded;

import io.permafrost.store.BlobDeletionQueue;
import io.permafrost.store.Coordination;
import io.permafrost.store.LeaseStore;
import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.sql.SqlLeaseStore;
import io.permafrost.store.sql.SqlNotificationOutbox;

import java.sql.Statement;

/** Leases, outbox and deletion queue in the embedded database, beside the metadata they coordinate. */
final class SqliteCoordination implements Coordination {
    private final SqliteDatabase db;
    private final LeaseStore leases;
    private final NotificationOutbox outbox;
    private final BlobDeletionQueue deletions;

    SqliteCoordination(SqliteDatabase db, BlobReferences references) {
        this.db = db;
        SqliteEngine engine = new SqliteEngine(db, references);
        this.leases = new SqlLeaseStore(engine);
        this.outbox = new SqlNotificationOutbox(engine);
        this.deletions = new SqliteBlobDeletionQueue(db, references);
    }

    /**
     * Drops every lease and claim of an earlier process. Only for a server holding the data directory's
     * lock: no other process can be alive to hold them, so waiting for them to run out would only delay
     * the jobs a crash left behind.
     */
    void forgetEarlierProcesses() {
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM leases");
                st.executeUpdate("UPDATE jobs SET claimed_by = NULL, lease_until = NULL WHERE claimed_by IS NOT NULL");
                st.executeUpdate("UPDATE notification_outbox SET claimed_by = NULL, lease_until = NULL "
                        + "WHERE claimed_by IS NOT NULL");
                st.executeUpdate("UPDATE released_blobs SET claimed_by = NULL, lease_until = NULL "
                        + "WHERE claimed_by IS NOT NULL");
            }
            return null;
        });
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
