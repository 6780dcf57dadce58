package io.permafrost.store.cluster;

import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.NotificationOutboxContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;

class PostgresNotificationOutboxTest extends NotificationOutboxContract {
    @RegisterExtension
    final FreshPostgresSchema schema = new FreshPostgresSchema();

    @Override
    protected NotificationOutbox outbox() {
        return new PostgresCoordination(schema.database()).outbox();
    }

    @Override
    protected void executeRaw(String sql) throws Exception {
        try (Connection c = schema.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            c.commit();
        }
    }
}
