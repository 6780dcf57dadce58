package io.permafrost.store.cluster;

import io.permafrost.store.AccountStoreContract;
import io.permafrost.store.MetadataStore;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class PostgresAccountStoreTest extends AccountStoreContract {
    private PostgresMetadataStore metadata;

    @BeforeEach
    void open() {
        metadata = new PostgresMetadataStore(PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema()));
    }

    @AfterEach
    void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    @Override
    protected MetadataStore metadata() {
        return metadata;
    }
}
