package io.permafrost.store.cluster;

import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A database on an empty schema of the throwaway PostgreSQL for each test, closed after it. */
final class FreshPostgresSchema implements BeforeEachCallback, AfterEachCallback {
    private PostgresDatabase db;

    @Override
    public void beforeEach(ExtensionContext context) {
        db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    PostgresDatabase database() {
        return db;
    }
}
