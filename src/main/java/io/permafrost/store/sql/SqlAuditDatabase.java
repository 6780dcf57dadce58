package io.permafrost.store.sql;

import io.permafrost.audit.AuditDatabase;

/** The audit trail's view of a backend's database: the very transactions its stores use. */
public final class SqlAuditDatabase implements AuditDatabase {
    private final SqlEngine engine;

    public SqlAuditDatabase(SqlEngine engine) {
        this.engine = engine;
    }

    @Override
    public <T> T write(Work<T> work) {
        return engine.write(work::run);
    }

    @Override
    public <T> T read(Work<T> work) {
        return engine.read(work::run);
    }
}
