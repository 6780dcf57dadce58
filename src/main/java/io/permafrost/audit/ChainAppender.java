package io.permafrost.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Appends records after the chain's head, in the transaction open on one connection. Two kinds:
 * <ul>
 * <li>{@link #soleWriter}: the embedded server's single writer connection, the only appender while the
 * server runs. Its statements are prepared once, and it remembers the head it left, so an append is one
 * UPDATE of the head row and one INSERT. The remembered head is only a guess, checked by the UPDATE itself
 * ({@code WHERE seq = ? AND hash = ?}): when it is stale (the transaction that moved it rolled back) the
 * head is read again, so a record can never chain to anything but the head in the database.</li>
 * <li>{@link #racing}: a PostgreSQL connection of a cluster node, where other nodes append at the same
 * time. The head row is locked ({@code FOR UPDATE}) until commit; the append must then be the transaction's
 * last work, so that the lock every appender waits for is held only for the commit.</li>
 * </ul>
 */
public final class ChainAppender implements AutoCloseable {
    private static final String READ_HEAD = "SELECT seq, hash FROM audit_head WHERE id = 1";
    private static final String INSERT = "INSERT INTO audit_record (" + AuditChain.COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String MOVE_HEAD = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1";

    private final Connection connection;
    private final boolean racing;
    // Sole writer only: prepared on first use, kept until close.
    private PreparedStatement readHead;
    private PreparedStatement insert;
    private PreparedStatement moveHeadFrom;
    /** Sole writer only: the head this connection's last append left, or null before the first. */
    private Checkpoint.Head lastLeft;

    private ChainAppender(Connection connection, boolean racing) {
        this.connection = connection;
        this.racing = racing;
    }

    /** For the one connection that appends while no other process does (the embedded writer). */
    public static ChainAppender soleWriter(Connection connection) {
        return new ChainAppender(connection, false);
    }

    /** For one transaction of a database other processes append to as well (PostgreSQL). */
    public static ChainAppender racing(Connection connection) {
        return new ChainAppender(connection, true);
    }

    AuditRecord append(AuditEvent event, String eventMembers, Instant time) throws SQLException {
        return racing ? appendLocked(event, eventMembers, time) : appendAlone(event, eventMembers, time);
    }

    private AuditRecord appendLocked(AuditEvent event, String eventMembers, Instant time) throws SQLException {
        String timeText = time.toString();
        Checkpoint.Head head;
        try (PreparedStatement ps = connection.prepareStatement(READ_HEAD + " FOR UPDATE")) {
            head = readHead(ps);
        }
        AuditRecord record = AuditRecord.chained(head.seq() + 1, time, timeText, event, eventMembers, head.hash());
        try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
            insert(ps, record, timeText);
        }
        try (PreparedStatement ps = connection.prepareStatement(MOVE_HEAD)) {
            ps.setLong(1, record.seq());
            ps.setString(2, record.hash());
            ps.executeUpdate();
        }
        return record;
    }

    private AuditRecord appendAlone(AuditEvent event, String eventMembers, Instant time) throws SQLException {
        if (insert == null) {
            readHead = connection.prepareStatement(READ_HEAD);
            insert = connection.prepareStatement(INSERT);
            moveHeadFrom = connection.prepareStatement(MOVE_HEAD + " AND seq = ? AND hash = ?");
        }
        String timeText = time.toString();
        Checkpoint.Head head = lastLeft != null ? lastLeft : readHead(readHead);
        AuditRecord record = AuditRecord.chained(head.seq() + 1, time, timeText, event, eventMembers, head.hash());
        if (!moveHead(head, record)) {
            // The head remembered was not the database's (its transaction rolled back): chain to the real one.
            head = readHead(readHead);
            record = AuditRecord.chained(head.seq() + 1, time, timeText, event, eventMembers, head.hash());
            if (!moveHead(head, record)) {
                throw new SQLException("the audit head changed while a record was appended");
            }
        }
        insert(insert, record, timeText);
        lastLeft = new Checkpoint.Head(record.seq(), record.hash());
        return record;
    }

    private boolean moveHead(Checkpoint.Head from, AuditRecord to) throws SQLException {
        moveHeadFrom.setLong(1, to.seq());
        moveHeadFrom.setString(2, to.hash());
        moveHeadFrom.setLong(3, from.seq());
        moveHeadFrom.setString(4, from.hash());
        return moveHeadFrom.executeUpdate() == 1;
    }

    private static Checkpoint.Head readHead(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit head row is missing");
            }
            return new Checkpoint.Head(rs.getLong(1), rs.getString(2));
        }
    }

    /** {@code timeText} is {@code record.time()} as the record's canonical form wrote it (formatted once). */
    private static void insert(PreparedStatement ps, AuditRecord record, String timeText) throws SQLException {
        AuditEvent event = record.event();
        ps.setLong(1, record.seq());
        ps.setString(2, timeText);
        ps.setString(3, event.requestId());
        ps.setString(4, event.principal());
        ps.setString(5, event.accountId());
        ps.setString(6, event.operation());
        ps.setString(7, event.vault());
        ps.setString(8, event.subjectId());
        ps.setString(9, event.decision());
        ps.setString(10, event.statement());
        ps.setString(11, event.sourceIp());
        ps.setString(12, event.userAgent());
        ps.setString(13, event.result());
        ps.setString(14, record.prevHash());
        ps.setString(15, record.hash());
        ps.executeUpdate();
    }

    /** Closes the statements a sole writer kept (the connection stays open). */
    @Override
    public void close() {
        for (PreparedStatement ps : new PreparedStatement[] {readHead, insert, moveHeadFrom}) {
            if (ps != null) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // Closing with the database: nothing is left to save.
                }
            }
        }
    }
}
