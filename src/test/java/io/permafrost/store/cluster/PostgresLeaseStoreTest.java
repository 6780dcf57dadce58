package io.permafrost.store.cluster;

import io.permafrost.store.LeaseStore;
import io.permafrost.store.LeaseStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresLeaseStoreTest extends LeaseStoreContract {
    @RegisterExtension
    final FreshPostgresSchema schema = new FreshPostgresSchema();

    @Override
    protected LeaseStore leases() {
        return new PostgresCoordination(schema.database()).leases();
    }
}
