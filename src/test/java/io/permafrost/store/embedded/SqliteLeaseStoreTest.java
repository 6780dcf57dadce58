package io.permafrost.store.embedded;

import io.permafrost.store.LeaseStore;
import io.permafrost.store.LeaseStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteLeaseStoreTest extends LeaseStoreContract {
    @TempDir
    Path dir;
    private SqliteMetadataStore metadata;

    @BeforeEach
    void open() {
        metadata = new SqliteMetadataStore(dir.resolve("metadata.db"));
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Override
    protected LeaseStore leases() {
        return metadata.coordination().leases();
    }
}
