package io.permafrost.store.sql;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveStore.ImportOutcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The insert of a migrated archive under an id chosen elsewhere, the same SQL on both backends: an id
 * the store holds, or held and deleted (a tombstone: the id was issued here and must never come back
 * with other bytes), is refused; a concurrent insert of the same id loses on the primary key, and that
 * violation is turned into a refusal that rolls the whole transaction back (vault counters included).
 */
public final class ImportedArchiveInsert {
    /** PostgreSQL's unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLite's SQLITE_CONSTRAINT (the xerial driver reports it as the vendor code). */
    private static final int SQLITE_CONSTRAINT = 19;

    /** How the backend inserts an archive and counts it in its vault; false when the vault is gone. */
    @FunctionalInterface
    public interface Insert {
        boolean insert(Connection c, ArchiveRecord archive) throws SQLException;
    }

    /** Thrown out of the transaction so that it rolls back; {@link #outcome} turns it into DUPLICATE_ID. */
    public static final class DuplicateId extends RuntimeException {
        private DuplicateId() {
            super("archive id already present", null, false, false);
        }
    }

    private ImportedArchiveInsert() {
    }

    /** Runs inside the backend's write transaction. */
    public static ImportOutcome run(Connection c, ArchiveRecord archive, Insert insert) throws SQLException {
        if (held(c, "archives", archive.archiveId()) || held(c, "archive_tombstones", archive.archiveId())) {
            return ImportOutcome.DUPLICATE_ID;
        }
        try {
            return insert.insert(c, archive) ? ImportOutcome.INSERTED : ImportOutcome.NO_VAULT;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) || e.getErrorCode() == SQLITE_CONSTRAINT) {
                throw new DuplicateId();
            }
            throw e;
        }
    }

    private static boolean held(Connection c, String table, String archiveId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
            ps.setString(1, archiveId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
