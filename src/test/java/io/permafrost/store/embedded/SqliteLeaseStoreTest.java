package io.permafrost.store.embedded;

import io.permafrost.store.LeaseStore;
import io.permafrost.store.LeaseStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteLeaseStoreTest extends LeaseStoreContract {
    @RegisterExtension
    final FreshSqliteMetadata metadata = new FreshSqliteMetadata();

    @Override
    protected LeaseStore leases() {
        return metadata.store().coordination().leases();
    }
}
