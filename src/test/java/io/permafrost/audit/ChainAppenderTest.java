package io.permafrost.audit;

import io.permafrost.glacier.Operation;
import io.permafrost.store.embedded.SqliteDatabase;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded writer's appender reads the head row once per group transaction and writes it once before
 * the commit: that must never make a record chain to anything but the database's head, leave the head row
 * behind the newest record where a write can read it, or keep a record whose write rolled back.
 */
class ChainAppenderTest {
    private static final Instant TIME = Instant.parse("2026-12-02T03:00:00Z");

    @TempDir
    Path dir;
    private SqliteDatabase db;
    private AuditTrail trail;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("metadata.db"), 2);
        // Every record here rides in one of the test's own store writes (db.write), never in a transaction of
        // its own, so the trail is never asked for its database.
        trail = new AuditTrail(null, Clock.fixed(TIME, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** An upload's way: the gate allows, the store write carries the record. */
    private void auditedWrite(String requestId, boolean fails) {
        AuditScope scope = trail.open(requestId, "arn:aws:iam::111122223333:root", "127.0.0.1", "test");
        scope.authorizing(Operation.UploadArchive, "111122223333", "v");
        scope.decided(true, null);
        scope.write(() -> db.write(c -> {
            if (fails) {
                throw new SQLException("the store write fails");
            }
            return null;
        }));
    }

    private static AuditEvent event(String requestId) {
        return new AuditEvent(requestId, "arn:aws:iam::111122223333:root", "111122223333", "UploadArchive", "v",
                null, "Allow", null, "127.0.0.1", "test", AuditEvent.OK);
    }

    private static void append(ChainAppender chain, String requestId) throws SQLException {
        AuditEvent event = event(requestId);
        chain.append(event, event.canonicalMembers(), TIME);
    }

    private List<AuditRecord> records() {
        return db.read(c -> {
            List<AuditRecord> all = new ArrayList<>();
            AuditChain.scan(c, 0, "", new Object[0], all::add);
            return all;
        });
    }

    private ChainVerifier.Report verified() {
        return db.read(c -> new ChainVerifier(Map.of(), Optional.empty()).verify(c));
    }

    private static long newestSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM audit_record");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSavepointRolledBackAfterItsRecordTakesTheRecordAndLeavesNoGapOrFork() throws SQLException {
        db.write(c -> {
            // The writer's own protocol, driven by hand on a second appender inside one write's transaction.
            try (ChainAppender chain = ChainAppender.soleWriter(c); Statement st = c.createStatement()) {
                chain.transactionBegun();
                append(chain, "first");
                st.execute("SAVEPOINT t");
                chain.savepointSet();
                append(chain, "rolled-back");
                st.execute("ROLLBACK TO t");
                st.execute("RELEASE t");
                chain.savepointRolledBack();
                append(chain, "second");
                chain.headWritten();
            }
            return null;
        });

        List<AuditRecord> records = records();
        assertThat(records).extracting(r -> r.event().requestId()).containsExactly("first", "second");
        assertThat(records.get(1).seq()).isEqualTo(2);
        assertThat(records.get(1).prevHash()).isEqualTo(records.get(0).hash());
        assertThat(db.read(AuditChain::head)).isEqualTo(new Checkpoint.Head(2, records.get(1).hash()));
        assertThat(verified().problem()).isNull();
    }

    @Test
    void theHeadRowIsWrittenOnceForTheTransactionAndOnlyWhenItMoved() throws SQLException {
        db.write(c -> {
            try (ChainAppender chain = ChainAppender.soleWriter(c)) {
                chain.transactionBegun();
                chain.headWritten(); // nothing appended: no write, no failure
                append(chain, "a");
                append(chain, "b");
                assertThat(AuditChain.head(c).seq()).as("the head row before headWritten").isZero();
                chain.headWritten();
                assertThat(AuditChain.head(c).seq()).isEqualTo(2);
            }
            return null;
        });
        assertThat(verified().problem()).isNull();
    }

    @Test
    void aHeadRowMovedBehindTheAppendersBackFailsTheTransactionInsteadOfForking() {
        assertThatThrownBy(() -> db.write(c -> {
            try (ChainAppender chain = ChainAppender.soleWriter(c); Statement st = c.createStatement()) {
                chain.transactionBegun();
                append(chain, "a");
                st.executeUpdate("UPDATE audit_head SET seq = 7 WHERE id = 1");
                chain.headWritten();
            }
            return null;
        })).hasMessageContaining("the audit head changed");
        assertThat(records()).isEmpty();
    }

    @Test
    void concurrentWritesCommitExactlyTheirRecordsInOneUnbrokenChain() throws Exception {
        int writers = 16;
        int each = 40;
        List<String> succeeded = Collections.synchronizedList(new ArrayList<>());
        List<Long> headBehind = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = writer + "-" + i;
                        boolean fails = i % 7 == 3;
                        try {
                            auditedWrite(id, fails);
                            succeeded.add(id);
                        } catch (RuntimeException expected) {
                            assertThat(fails).as("only the failing writes fail: " + expected).isTrue();
                        }
                    }
                    return null;
                }));
            }
            // Writes without a record, in the same group transactions: each must see the head row at the newest record.
            running.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    db.write(c -> {
                        long behind = newestSeq(c) - AuditChain.head(c).seq();
                        if (behind != 0) {
                            headBehind.add(behind);
                        }
                        return null;
                    });
                }
                return null;
            }));
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<AuditRecord> records = records();
        assertThat(records).extracting(r -> r.event().requestId()).containsExactlyInAnyOrderElementsOf(succeeded);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).seq()).isEqualTo(i + 1);
        }
        assertThat(headBehind).as("head row behind the newest record inside a transaction").isEmpty();
        assertThat(db.read(AuditChain::head).seq()).isEqualTo(records.size());
        assertThat(verified().problem()).isNull();
        assertThat(verified().records()).isEqualTo(succeeded.size());
    }

    @Test
    void aRecordAnotherConnectionAppendedIsChainedTo() throws SQLException {
        auditedWrite("first", false);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
             ChainAppender elsewhere = ChainAppender.soleWriter(other)) {
            elsewhere.transactionBegun();
            append(elsewhere, "from elsewhere");
            elsewhere.headWritten();
        }
        auditedWrite("second", false);

        List<AuditRecord> records = records();
        assertThat(records).extracting(r -> r.event().requestId()).containsExactly("first", "from elsewhere", "second");
        assertThat(records.get(2).prevHash()).isEqualTo(records.get(1).hash());
        assertThat(verified().problem()).isNull();
    }
}
