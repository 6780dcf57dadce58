package io.permafrost.store.embedded;

import io.permafrost.store.sql.SqlEngine;
import io.permafrost.store.sql.SqlWork;

import java.sql.Connection;
import java.sql.SQLException;

/** SQLite for the shared stores: its single writer thread already serializes every write, so no row locks. */
final class SqliteEngine implements SqlEngine {
    private final SqliteDatabase db;
    private final BlobReferences blobReferences;

    SqliteEngine(SqliteDatabase db, BlobReferences blobReferences) {
        this.db = db;
        this.blobReferences = blobReferences;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return db.read(work::run);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return db.write(work::run);
    }

    @Override
    public void lockAccount(Connection c, String accountId) {
        // The single writer runs one write at a time: nothing to lock.
    }

    @Override
    public boolean isBlobReferenced(Connection c, String blobId) throws SQLException {
        return blobReferences.isReferenced(c, blobId);
    }

    @Override
    public String lockingRead() {
        return "";
    }

    @Override
    public String sharedRead() {
        return "";
    }

    @Override
    public String greatest() {
        return "MAX";
    }

    @Override
    public String claimingRead() {
        return ""; // one writer: the select and the updates after it are one atomic step already
    }

    @Override
    public String claimingReadOf(String alias) {
        return ""; // one writer, as above
    }
}
