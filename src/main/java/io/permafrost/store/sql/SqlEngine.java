package io.permafrost.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What the stores shared by both backends need from their database: transactions, and the few places
 * where SQLite (one writer: every write is already serialized) and PostgreSQL (many writers on many
 * nodes: a write must lock what it decides on) differ. One store class then serves both backends.
 */
public interface SqlEngine {

    /** Runs {@code work} as one read-only transaction that sees one consistent snapshot. */
    <T> T read(SqlWork<T> work);

    /** Runs {@code work} as one write transaction; it is durable when this returns. */
    <T> T write(SqlWork<T> work);

    /**
     * Whether {@code query} returns a row, asked on a reader. Pollers ask this before a claim so that an
     * idle node takes no write transaction (and no writer lock) every pass; what appears in between is
     * picked up by the next pass, as it would be had it appeared just after the claim.
     */
    default boolean anyRow(String query, Object... params) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * Whether the vault exists; where writers are concurrent ({@link #lockingRead()}), also holds its row
     * lock until commit, so a write that decides on the vault's lock, policies or tags sees them final.
     */
    default boolean lockVault(Connection c, long vaultId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM vaults WHERE id = ?" + lockingRead())) {
            ps.setLong(1, vaultId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The select-list expressions of a vault's archive count and size, for the vault row aliased
     * {@code alias}: the row's own columns where every write is serialized anyway; where writers are
     * concurrent, whatever keeps an archive insert from locking its vault row (figures exactly as committed).
     */
    default String vaultCounts(String alias) {
        return alias + ".archive_count, " + alias + ".size_bytes";
    }

    /** Serializes the account's check-then-insert writes until commit, where writers are concurrent. */
    void lockAccount(Connection c, String accountId) throws SQLException;

    /** Whether any record refers to the blob, as this transaction sees it. */
    boolean isBlobReferenced(Connection c, String blobId) throws SQLException;

    /** Appended to a SELECT whose rows the write then changes: {@code " FOR UPDATE"} where writers race. */
    String lockingRead();

    /** Appended to a SELECT whose rows must not be deleted before commit: {@code " FOR SHARE"} where needed. */
    String sharedRead();

    /** The SQL function of the larger of two values ({@code MAX} in SQLite, {@code GREATEST} in PostgreSQL). */
    String greatest();

    /**
     * Appended to a SELECT of job rows (alias {@code j}) that the transaction then claims: where several
     * claimers race ({@code " FOR UPDATE OF j SKIP LOCKED"}) each gets disjoint rows without waiting.
     */
    String claimingRead();

    /**
     * Appended to a SELECT of one table's rows (alias {@code alias}) that the transaction then claims, like
     * {@link #claimingRead()}: where several claimers race, each gets rows no other one holds, without waiting.
     */
    String claimingReadOf(String alias);
}
