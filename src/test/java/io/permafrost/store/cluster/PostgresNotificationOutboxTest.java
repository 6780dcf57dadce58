package io.permafrost.store.cluster;

import io.permafrost.store.NotificationOutbox;
import io.permafrost.store.NotificationOutboxContract;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.Statement;

class PostgresNotificationOutboxTest extends NotificationOutboxContract {
    private PostgresDatabase db;
    private NotificationOutbox outbox;

    @BeforeEach
    void open() {
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
        outbox = new PostgresCoordination(db).outbox();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected NotificationOutbox outbox() {
        return outbox;
    }

    @Override
    protected void executeRaw(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
            c.commit();
        }
    }
}
