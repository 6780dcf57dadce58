package io.permafrost.store.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A vault's archive count and size without a row lock per archive insert (V9__vault_count_deltas.sql).
 * Updating the vault row in every insert held that row's lock until commit, so every upload into one vault,
 * on every node, committed one after the other. An insert adds a delta row instead; {@link #columns}
 * reads the row's figures plus its deltas in one statement (one snapshot: exactly the committed archives,
 * as before), and every {@link #FOLD_EVERY}th insert of a node folds its vault's committed deltas into
 * the row, so a vault's deltas stay few.
 */
final class VaultCounters {
    /** Inserts per fold: at most about this many delta rows per node and vault wait to be folded. */
    static final int FOLD_EVERY = 64;

    private final Transactions tx;
    private final AtomicLong inserts = new AtomicLong();

    VaultCounters(Transactions tx) {
        this.tx = tx;
    }

    /**
     * Counts one archive in (or, with negative figures, out of) its vault, in the caller's transaction;
     * false when the vault is gone. The vault row's KEY SHARE lock is taken as the delta's foreign key takes
     * it: it waits for a DeleteVault or lock change holding the row FOR UPDATE, and for no other insert.
     */
    static boolean count(Connection c, long vaultId, long archives, long bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO vault_count_deltas (vault_id, archives, bytes) "
                + "SELECT id, ?, ? FROM vaults WHERE id = ? FOR KEY SHARE")) {
            ps.setLong(1, archives);
            ps.setLong(2, bytes);
            ps.setLong(3, vaultId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The select-list expressions of the vault's archive count and size, for the vault row aliased
     * {@code alias}: the row's folded figures plus the deltas the statement's snapshot sees.
     */
    static String columns(String alias) {
        return sum(alias, "archive_count", "archives") + ", " + sum(alias, "size_bytes", "bytes");
    }

    private static String sum(String alias, String folded, String delta) {
        return "(" + alias + "." + folded + " + COALESCE((SELECT sum(d." + delta
                + ") FROM vault_count_deltas d WHERE d.vault_id = " + alias + ".id), 0))::bigint";
    }

    /** After an insert into the vault committed: every {@link #FOLD_EVERY}th one folds the vault's deltas. */
    void inserted(long vaultId) {
        if (inserts.incrementAndGet() % FOLD_EVERY == 0) {
            fold(vaultId);
        }
    }

    /**
     * Moves the vault's committed deltas into its row, in one transaction (a reader sees them either as
     * deltas or in the row, never both or neither). It takes the row's FOR NO KEY UPDATE lock, which
     * inserts (KEY SHARE) do not wait for and which does not wait for them; only another fold of the same vault
     * or a FOR UPDATE holder (DeleteVault, DeleteArchive, lock and policy changes) waits or is waited for.
     * Answers how many deltas it folded.
     */
    int fold(long vaultId) {
        return tx.inTransaction(c -> {
            // The row first, as DeleteVault and lock changes take it: the cascade of a DeleteVault then never
            // waits for deltas this fold holds while the fold waits for that row (a deadlock).
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM vaults WHERE id = ? FOR NO KEY UPDATE")) {
                ps.setLong(1, vaultId);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("WITH folded AS (DELETE FROM vault_count_deltas "
                    + "WHERE vault_id = ? RETURNING archives, bytes), sums AS (SELECT count(*) AS n, "
                    + "COALESCE(sum(archives), 0) AS archives, COALESCE(sum(bytes), 0) AS bytes FROM folded) "
                    + "UPDATE vaults SET archive_count = archive_count + sums.archives, "
                    + "size_bytes = size_bytes + sums.bytes FROM sums WHERE id = ? RETURNING sums.n")) {
                ps.setLong(1, vaultId);
                ps.setLong(2, vaultId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }
}
