package io.permafrost.store.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Read-your-writes for the pooled reader connections: whatever a read leaves behind (a statement or
 * result set it forgot to close keeps SQLite's read snapshot open in WAL mode), the next read on that
 * connection sees every write acknowledged before it started.
 */
class PooledReadFreshnessTest {
    private static final int READERS = 3;

    private Path dir;
    private SqliteDatabase db;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("pooled-read");
        db = new SqliteDatabase(dir.resolve("metadata.db"), READERS);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vaults (account_id, name, created_at) VALUES ('111122223333', 'v1', 0), "
                            + "('111122223333', 'v2', 0)")) {
                return ps.executeUpdate();
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aReadThatLeaksAnOpenResultSetDoesNotLeaveItsConnectionOnAnOldSnapshot() {
        List<Object> leaked = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            // Stepped once and never closed: on its own this pins the connection's read snapshot.
            db.read(c -> {
                PreparedStatement ps = c.prepareStatement("SELECT name FROM vaults ORDER BY name");
                ResultSet rs = ps.executeQuery();
                rs.next();
                leaked.add(rs);
                return null;
            });
        }

        setArchiveCount(7);

        assertThat(archiveCountOnEveryReader()).containsOnly(7L).hasSize(READERS);
    }

    @Test
    void aReadThatFailsWithAResultSetOpenDoesNotLeaveItsConnectionOnAnOldSnapshot() {
        for (int i = 0; i < READERS; i++) {
            assertThatThrownBy(() -> db.read(c -> {
                ResultSet rs = c.createStatement().executeQuery("SELECT name FROM vaults ORDER BY name");
                rs.next();
                throw new IllegalArgumentException("the read gives up half way");
            })).isInstanceOf(IllegalArgumentException.class);
        }

        setArchiveCount(3);

        assertThat(archiveCountOnEveryReader()).containsOnly(3L).hasSize(READERS);
    }

    @Test
    void aReadSeesOneSnapshotFromItsFirstStatementOn() {
        List<Long> seen = db.read(c -> {
            long before = archiveCount(c);
            setArchiveCount(5); // acknowledged while the read is still going
            return List.of(before, archiveCount(c));
        });

        assertThat(seen).containsExactly(0L, 0L);
        assertThat(archiveCountOnEveryReader()).containsOnly(5L);
    }

    @Test
    void aReadCannotEndItsTransactionOrCloseThePooledConnection() {
        for (int i = 0; i < READERS; i++) {
            assertThatThrownBy(() -> db.read(c -> {
                c.close();
                return null;
            })).hasMessageContaining("close is not for a pooled read");
        }
        assertThatThrownBy(() -> db.read(c -> {
            c.setAutoCommit(true);
            return null;
        })).hasMessageContaining("setAutoCommit is not for a pooled read");

        setArchiveCount(4);

        assertThat(archiveCountOnEveryReader()).containsOnly(4L).hasSize(READERS);
    }

    private void setArchiveCount(long count) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vaults SET archive_count = ?")) {
                ps.setLong(1, count);
                return ps.executeUpdate();
            }
        });
    }

    private static long archiveCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT archive_count FROM vaults WHERE name = 'v1'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Holds every pooled connection at once (nested reads), so each of them answers exactly once. */
    private List<Long> archiveCountOnEveryReader() {
        List<Long> seen = new ArrayList<>();
        readNested(READERS, seen);
        return seen;
    }

    private void readNested(int depth, List<Long> seen) {
        if (depth == 0) {
            return;
        }
        db.read(c -> {
            seen.add(archiveCount(c));
            readNested(depth - 1, seen);
            return null;
        });
    }
}
