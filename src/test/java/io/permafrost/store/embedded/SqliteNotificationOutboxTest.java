package io.permafrost.store.embedded;

import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.NotificationOutboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqliteNotificationOutboxTest extends NotificationOutboxContract {
    @RegisterExtension
    final FreshSqliteMetadata metadata = new FreshSqliteMetadata();

    @Override
    protected NotificationOutbox outbox() {
        return metadata.store().coordination().outbox();
    }

    @Override
    protected void executeRaw(String sql) {
        // Through the store's own writer: a second SQLite connection would wait for the writer's lock.
        metadata.store().database().write(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate(sql);
            }
        });
    }
}
