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
 * server runs. It follows the writer's group transaction ({@link #transactionBegun}, {@link #savepointSet},
 * {@link #savepointRolledBack}, {@link #headWritten}): the head row is read at the transaction's first append
 * (under the transaction's write lock, so it is the database's head), later records of the same transaction
 * chain in memory, and the head row is written once, before the commit or before any write that carries no
 * record, instead of once per record. Its statements are prepared once.</li>
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
    /** Sole writer only: the head row as this transaction read it (or last wrote it); meaningful while transactionHead is set. */
    private Checkpoint.Head rowHead;
    /** Sole writer only: the head this transaction's records have reached, null before its first append. */
    private Checkpoint.Head transactionHead;
    /** Sole writer only: {@link #transactionHead} when the current savepoint was set. */
    private Checkpoint.Head savepointHead;

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
        Checkpoint.Head head = transactionHead;
        if (head == null) {
            head = readHead(readHead);
            rowHead = head;
        }
        AuditRecord record = AuditRecord.chained(head.seq() + 1, time, timeText, event, eventMembers, head.hash());
        insert(insert, record, timeText);
        transactionHead = new Checkpoint.Head(record.seq(), record.hash());
        return record;
    }

    /** Sole writer: a new transaction begins; whatever the last one left in memory is forgotten. */
    public void transactionBegun() {
        rowHead = null;
        transactionHead = null;
        savepointHead = null;
    }

    /** Sole writer: a savepoint was set; {@link #savepointRolledBack} returns to the head as it is now. */
    public void savepointSet() {
        savepointHead = transactionHead;
    }

    /** Sole writer: the savepoint was rolled back, and with it the records appended since it was set. */
    public void savepointRolledBack() {
        // With no record left in the transaction, the next append reads the head row again (and rowHead with it).
        transactionHead = savepointHead;
    }

    /**
     * Sole writer: writes the head row up to the transaction's newest record, if it is behind. Called outside
     * any savepoint (a rolled-back savepoint must not take the row back with it) before the commit, and before
     * a write that carries no record, so that whatever reads the head row in the transaction (a checkpoint)
     * reads the true head. Checked by the UPDATE's own {@code WHERE}: a head row that is not the one read
     * fails the transaction rather than leave a fork.
     */
    public void headWritten() throws SQLException {
        if (transactionHead == null || transactionHead.equals(rowHead)) {
            return;
        }
        moveHeadFrom.setLong(1, transactionHead.seq());
        moveHeadFrom.setString(2, transactionHead.hash());
        moveHeadFrom.setLong(3, rowHead.seq());
        moveHeadFrom.setString(4, rowHead.hash());
        if (moveHeadFrom.executeUpdate() != 1) {
            throw new SQLException("the audit head changed while records were appended");
        }
        rowHead = transactionHead;
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
