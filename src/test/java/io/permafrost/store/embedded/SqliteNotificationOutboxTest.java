package io.permafrost.store.embedded;

import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.NotificationOutboxContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteNotificationOutboxTest extends NotificationOutboxContract {
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
    protected NotificationOutbox outbox() {
        return metadata.coordination().outbox();
    }

    @Override
    protected void executeRaw(String sql) {
        // Through the store's own writer: a second SQLite connection would wait for the writer's lock.
        metadata.database().write(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate(sql);
            }
        });
    }
}
