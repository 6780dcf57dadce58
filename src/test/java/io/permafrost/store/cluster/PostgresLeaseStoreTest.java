package io.permafrost.store.cluster;

import io.permafrost.store.LeaseStore;
import io.permafrost.store.LeaseStoreContract;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresLeaseStoreTest extends LeaseStoreContract {
    private PostgresDatabase db;
    private LeaseStore leases;

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
        leases = new PostgresCoordination(db).leases();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected LeaseStore leases() {
        return leases;
    }
}
