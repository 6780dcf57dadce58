package io.permafrost.audit;

import io.permafrost.store.embedded.SqliteDatabase;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded writer's appender remembers the head it left instead of reading it per record: that
 * memory must never make a record chain to anything but the head the database holds.
 */
class ChainAppenderTest {
    private static final Instant TIME = Instant.parse("2026-12-02T03:00:00Z");

    @TempDir
    Path dir;
    private SqliteDatabase db;
    /** Made on the writer thread from the writer connection, kept across writes as SqliteDatabase keeps its own. */
    private ChainAppender chain;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("metadata.db"), 1);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void append(String requestId) {
        db.write(c -> appendOn(c, requestId));
    }

    private AuditRecord appendOn(Connection c, String requestId) throws SQLException {
        if (chain == null) {
            chain = ChainAppender.soleWriter(c);
        }
        AuditEvent event = event(requestId);
        return chain.append(event, event.canonicalMembers(), TIME);
    }

    private static AuditEvent event(String requestId) {
        return new AuditEvent(requestId, "arn:aws:iam::111122223333:root", "111122223333", "UploadArchive", "v",
                null, "Allow", null, "127.0.0.1", "test", AuditEvent.OK);
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

    @Test
    void aRecordRolledBackWithItsWriteLeavesNoGapAndNoFork() {
        append("first");
        // The record is appended, then its write fails: the savepoint rolls back, the appender still
        // remembers the head that record would have left.
        assertThatThrownBy(() -> db.write(c -> {
            appendOn(c, "rolled-back");
            throw new SQLException("the write fails after its record was appended");
        })).hasMessageContaining("the write fails");
        append("second");

        List<AuditRecord> records = records();
        assertThat(records).extracting(r -> r.event().requestId()).containsExactly("first", "second");
        assertThat(records.get(1).seq()).isEqualTo(2);
        assertThat(records.get(1).prevHash()).isEqualTo(records.get(0).hash());
        assertThat(verified().problem()).isNull();
    }

    @Test
    void aRecordAnotherConnectionAppendedIsChainedTo() throws SQLException {
        append("first");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("metadata.db"));
             ChainAppender elsewhere = ChainAppender.soleWriter(other)) {
            AuditEvent event = event("from elsewhere");
            elsewhere.append(event, event.canonicalMembers(), TIME);
        }
        append("second");

        List<AuditRecord> records = records();
        assertThat(records).extracting(r -> r.event().requestId()).containsExactly("first", "from elsewhere", "second");
        assertThat(records.get(2).prevHash()).isEqualTo(records.get(1).hash());
        assertThat(verified().problem()).isNull();
    }
}
