package io.permafrost.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer connection's group transaction: each write in a savepoint of its own,
 * savepoint journals in memory, a larger page cache.
 */
class WriterConnectionTest {
    @TempDir
    Path dataDir;

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dataDir.resolve("metadata.db"), 2);
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, body BLOB NOT NULL)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theWriterKeepsItsSavepointJournalsInMemoryAndALargerCache() {
        int writerTempStore = db.write(c -> pragma(c, "temp_store"));
        int writerCache = db.write(c -> pragma(c, "cache_size"));
        int readerTempStore = db.read(c -> pragma(c, "temp_store"));
        assertThat(writerTempStore).as("temp_store (2 = MEMORY)").isEqualTo(2);
        assertThat(writerCache).as("cache_size (negative: KiB)").isEqualTo(-16384);
        assertThat(readerTempStore).as("the readers keep SQLite's default").isZero();
    }

    /**
     * Writes grouped into one transaction, some failing after changing more than the 64 KiB a savepoint
     * journal holds before SQLite would spill it to a file: each failure takes exactly its own rows back,
     * every other write of the group is kept.
     */
    @Test
    void aFailingWriteInAGroupRollsBackOnlyItsOwnRowsAndTheNextGroupsRunOn() throws Exception {
        int writers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Boolean>> outcomes = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int owner = round * writers + w;
                    boolean fails = w % 3 == 1;
                    outcomes.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        try {
                            db.write(c -> insertThen(c, owner, fails));
                            return true;
                        } catch (IllegalStateException refused) {
                            return false;
                        }
                    }, pool));
                }
                start.countDown();
                for (int w = 0; w < writers; w++) {
                    assertThat(outcomes.get(w).get(30, TimeUnit.SECONDS)).as("write %d of round %d", w, round)
                            .isEqualTo(w % 3 != 1);
                }
            }
            assertThat(db.commitCount()).as("the writes were grouped: fewer commits than writes")
                    .isLessThan(5L * writers);
            List<Integer> kept = db.read(WriterConnectionTest::owners);
            List<Integer> expected = new ArrayList<>();
            for (int owner = 0; owner < 5 * writers; owner++) {
                if (owner % writers % 3 != 1) {
                    expected.add(owner);
                }
            }
            assertThat(kept).as("owners with rows: exactly the writes that succeeded").isEqualTo(expected);
            int rows = db.read(c -> count(c, "SELECT COUNT(*) FROM scratch"));
            assertThat(rows).isEqualTo(expected.size() * 40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteAloneThatFailsLeavesNothingAndTheWriterGoesOn() {
        assertThatThrownBy(() -> db.write(c -> insertThen(c, 1, true))).isInstanceOf(IllegalStateException.class);
        db.write(c -> insertThen(c, 2, false));
        assertThat(db.read(WriterConnectionTest::owners)).containsExactly(2);
    }

    /** 40 rows of 4 KiB (160 KiB: past the in-memory journal's 64 KiB), then a failure if asked. */
    private static Void insertThen(Connection c, int owner, boolean fail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (owner, body) VALUES (?, ?)")) {
            for (int i = 0; i < 40; i++) {
                ps.setInt(1, owner);
                ps.setBytes(2, new byte[4096]);
                ps.executeUpdate();
            }
        }
        if (fail) {
            throw new IllegalStateException("write " + owner + " fails after its inserts");
        }
        return null;
    }

    private static List<Integer> owners(Connection c) throws SQLException {
        List<Integer> owners = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT owner FROM scratch ORDER BY owner")) {
            while (rs.next()) {
                owners.add(rs.getInt(1));
            }
        }
        return owners;
    }

    private static int pragma(Connection c, String name) throws SQLException {
        return count(c, "PRAGMA " + name);
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
