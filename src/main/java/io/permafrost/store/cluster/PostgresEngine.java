package io.permafrost.store.cluster;

import io.permafrost.store.sql.SqlEngine;
import io.permafrost.store.sql.SqlWork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** PostgreSQL for the shared stores: writers on every node, so a write locks the rows it decides on. */
final class PostgresEngine implements SqlEngine {
    private final Transactions tx;

    PostgresEngine(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return tx.inSnapshot(work::run);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        return tx.inTransaction(work::run);
    }

    /** Takes the account's guard row lock for the rest of the transaction, creating the row on first use. */
    @Override
    public void lockAccount(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO account_guards (account_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, accountId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM account_guards WHERE account_id = ? FOR UPDATE")) {
            ps.setString(1, accountId);
            ps.executeQuery().close();
        }
    }

    @Override
    public boolean isBlobReferenced(Connection c, String blobId) throws SQLException {
        return BlobReferenceCheck.isReferenced(c, blobId);
    }

    @Override
    public String vaultCounts(String alias) {
        return VaultCounters.columns(alias);
    }

    @Override
    public String lockingRead() {
        return " FOR UPDATE";
    }

    @Override
    public String sharedRead() {
        return " FOR SHARE";
    }

    @Override
    public String greatest() {
        return "GREATEST";
    }

    @Override
    public String claimingRead() {
        // Under READ COMMITTED a row another claimer committed meanwhile is re-checked against its new
        // lease before it is locked (EvalPlanQual), so a live lease is never taken over.
        return claimingReadOf("j");
    }

    @Override
    public String claimingReadOf(String alias) {
        return " FOR UPDATE OF " + alias + " SKIP LOCKED";
    }
}
