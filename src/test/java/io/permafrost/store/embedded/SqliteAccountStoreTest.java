package io.permafrost.store.embedded;

import io.permafrost.store.AccountStoreContract;
import io.permafrost.store.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteAccountStoreTest extends AccountStoreContract {
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
    protected MetadataStore metadata() {
        return metadata;
    }
}
