package io.permafrost.migrate;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The migration's memory across runs: a small SQLite file in WAL mode with synchronous=FULL, so every state
 * change it acknowledged survives kill -9 and a re-run continues where the last one stopped. One connection,
 * used by one thread at a time (the workers' updates are short).
 */
final class MigrationState implements AutoCloseable {
    static final String PENDING = "pending";
    static final String INITIATED = "initiated";
    static final String COMMITTED = "committed";
    static final String FAILED = "failed";
    private static final int INVENTORY_BATCH = 1000;

    private final Connection db;

    private MigrationState(Connection db) {
        this.db = db;
    }

    static MigrationState open(Path file) {
        try {
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("CREATE TABLE IF NOT EXISTS vaults (source_vault TEXT PRIMARY KEY, destination_vault TEXT NOT NULL,"
                        + " inventory_job_id TEXT, inventory_loaded INTEGER NOT NULL DEFAULT 0,"
                        + " settings_copied INTEGER NOT NULL DEFAULT 0, settings_note TEXT)");
                st.execute("CREATE TABLE IF NOT EXISTS archives (source_vault TEXT NOT NULL, archive_id TEXT NOT NULL,"
                        + " size INTEGER NOT NULL, tree_hash TEXT NOT NULL, description TEXT, creation_date TEXT NOT NULL,"
                        + " state TEXT NOT NULL DEFAULT 'pending', job_id TEXT, initiated_at INTEGER NOT NULL DEFAULT 0,"
                        + " reason TEXT, attempts INTEGER NOT NULL DEFAULT 0, already_present INTEGER NOT NULL DEFAULT 0,"
                        + " PRIMARY KEY (source_vault, archive_id))");
            }
            return new MigrationState(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the migration state " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized VaultRow vault(String sourceVault, String destinationVault) {
        update("INSERT OR IGNORE INTO vaults (source_vault, destination_vault) VALUES (?, ?)", sourceVault,
                destinationVault);
        return query("SELECT source_vault, destination_vault, inventory_job_id, inventory_loaded, settings_copied,"
                + " settings_note FROM vaults WHERE source_vault = ?", rs -> new VaultRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getInt(4) == 1, rs.getInt(5) == 1, rs.getString(6)), sourceVault).get(0);
    }

    synchronized List<VaultRow> vaults() {
        return query("SELECT source_vault, destination_vault, inventory_job_id, inventory_loaded, settings_copied,"
                + " settings_note FROM vaults ORDER BY source_vault", rs -> new VaultRow(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getInt(4) == 1, rs.getInt(5) == 1, rs.getString(6)));
    }

    synchronized void inventoryJob(String vault, String jobId) {
        update("UPDATE vaults SET inventory_job_id = ? WHERE source_vault = ?", jobId, vault);
    }

    synchronized void settingsCopied(String vault, String note) {
        update("UPDATE vaults SET settings_copied = 1, settings_note = ? WHERE source_vault = ?", note, vault);
    }

    /**
     * Loads an inventory in batches of a thousand archives (the inventory is never held whole), then marks it
     * loaded. Loading again adds nothing already there, so an inventory download cut short is simply redone.
     */
    synchronized InventoryLoader inventoryLoader(String vault) {
        return new InventoryLoader(vault);
    }

    final class InventoryLoader implements Consumer<InventoryEntry>, AutoCloseable {
        private final String vault;
        private final PreparedStatement insert;
        private int batched;

        private InventoryLoader(String vault) {
            this.vault = vault;
            try {
                db.setAutoCommit(false);
                insert = db.prepareStatement("INSERT OR IGNORE INTO archives (source_vault, archive_id, size, tree_hash,"
                        + " description, creation_date) VALUES (?, ?, ?, ?, ?, ?)");
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        @Override
        public void accept(InventoryEntry entry) {
            synchronized (MigrationState.this) {
                try {
                    insert.setString(1, vault);
                    insert.setString(2, entry.archiveId());
                    insert.setLong(3, entry.size());
                    insert.setString(4, entry.treeHash());
                    insert.setString(5, entry.description());
                    insert.setString(6, entry.creationDate());
                    insert.addBatch();
                    if (++batched == INVENTORY_BATCH) {
                        flush();
                    }
                } catch (SQLException e) {
                    throw failure(e);
                }
            }
        }

        private void flush() throws SQLException {
            insert.executeBatch();
            db.commit();
            batched = 0;
        }

        /** The whole inventory is in: the vault is marked loaded in the same transaction as the last batch. */
        void complete() {
            synchronized (MigrationState.this) {
                try {
                    insert.executeBatch();
                    try (PreparedStatement mark = db.prepareStatement(
                            "UPDATE vaults SET inventory_loaded = 1 WHERE source_vault = ?")) {
                        mark.setString(1, vault);
                        mark.executeUpdate();
                    }
                    db.commit();
                    batched = 0;
                } catch (SQLException e) {
                    throw failure(e);
                }
            }
        }

        @Override
        public void close() {
            synchronized (MigrationState.this) {
                try {
                    db.rollback();
                    insert.close();
                    db.setAutoCommit(true);
                } catch (SQLException e) {
                    throw failure(e);
                }
            }
        }
    }

    /** The next archive after {@code afterRowId} that is not committed, in inventory order. */
    synchronized Optional<ArchiveRow> nextToCopy(String vault, long afterRowId) {
        List<ArchiveRow> rows = query("SELECT rowid, archive_id, description, creation_date, size, tree_hash, state,"
                + " job_id, initiated_at, reason, attempts FROM archives WHERE source_vault = ? AND rowid > ?"
                + " AND state <> 'committed' ORDER BY rowid LIMIT 1", MigrationState::archiveRow, vault, afterRowId);
        return rows.stream().findFirst();
    }

    synchronized void initiated(String vault, String archiveId, String jobId, long atMillis) {
        update("UPDATE archives SET state = 'initiated', job_id = ?, initiated_at = ? WHERE source_vault = ?"
                + " AND archive_id = ?", jobId, atMillis, vault, archiveId);
    }

    /** The job is of no more use (failed, expired, unknown to the source): the next attempt starts a new one. */
    synchronized void jobLost(String vault, String archiveId, String reason) {
        update("UPDATE archives SET state = 'pending', job_id = NULL, initiated_at = 0, reason = ?,"
                + " attempts = attempts + 1 WHERE source_vault = ? AND archive_id = ?", reason, vault, archiveId);
    }

    synchronized void committed(String vault, String archiveId, boolean alreadyPresent) {
        update("UPDATE archives SET state = 'committed', reason = NULL, already_present = ? WHERE source_vault = ?"
                + " AND archive_id = ?", alreadyPresent ? 1 : 0, vault, archiveId);
    }

    /** Given up for this run; the job id stays, so a re-run within the job's lifetime downloads again without a new job. */
    synchronized void failed(String vault, String archiveId, String reason) {
        update("UPDATE archives SET state = 'failed', reason = ?, attempts = attempts + 1 WHERE source_vault = ?"
                + " AND archive_id = ?", reason, vault, archiveId);
    }

    /** Counts and bytes of the vault's archives by outcome, for the progress display and the report. */
    synchronized Tally tally(String vault) {
        return query("SELECT COUNT(*), COALESCE(SUM(size), 0),"
                + " COALESCE(SUM(state = 'committed' AND already_present = 0), 0),"
                + " COALESCE(SUM(CASE WHEN state = 'committed' AND already_present = 0 THEN size ELSE 0 END), 0),"
                + " COALESCE(SUM(state = 'committed' AND already_present = 1), 0),"
                + " COALESCE(SUM(CASE WHEN state = 'committed' AND already_present = 1 THEN size ELSE 0 END), 0),"
                + " COALESCE(SUM(state = 'failed'), 0) FROM archives WHERE source_vault = ?",
                rs -> new Tally(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7)), vault).get(0);
    }

    record Tally(long archives, long bytes, long copied, long copiedBytes, long alreadyPresent, long alreadyPresentBytes,
                 long failed) {
        long committed() {
            return copied + alreadyPresent;
        }

        long committedBytes() {
            return copiedBytes + alreadyPresentBytes;
        }
    }

    /** Every archive of the vault that is not committed, with why (failed) or how far it got (pending, initiated). */
    synchronized void notCommitted(String vault, Consumer<ArchiveRow> each) {
        query("SELECT rowid, archive_id, description, creation_date, size, tree_hash, state, job_id, initiated_at,"
                + " reason, attempts FROM archives WHERE source_vault = ? AND state <> 'committed' ORDER BY rowid",
                rs -> {
                    each.accept(archiveRow(rs));
                    return null;
                }, vault);
    }

    private static ArchiveRow archiveRow(ResultSet rs) throws SQLException {
        return new ArchiveRow(rs.getLong(1), new InventoryEntry(rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6)), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10),
                rs.getInt(11));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        try (PreparedStatement st = bind(sql, args); ResultSet rs = st.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                T value = row.read(rs);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement st = bind(sql, args)) {
            st.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private PreparedStatement bind(String sql, Object... args) throws SQLException {
        PreparedStatement st = db.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
        return st;
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("migration state: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}
