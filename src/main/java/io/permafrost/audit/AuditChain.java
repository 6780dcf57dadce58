package io.permafrost.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The chain's SQL, the same on SQLite and PostgreSQL: read records and checkpoints ({@link ChainAppender} appends). */
public final class AuditChain {
    static final String COLUMNS = "seq, time, request_id, principal, account_id, operation, vault, subject_id, "
            + "decision, statement, source_ip, user_agent, result, prev_hash, hash";

    private AuditChain() {
    }

    /** Receives records one at a time, so that reading a long chain holds one record in memory. */
    @FunctionalInterface
    public interface RecordSink {
        void accept(AuditRecord record) throws SQLException;
    }

    /** Every record with {@code seq > after}, in seq order; {@code where} (SQL, may be empty) narrows them. */
    public static void scan(Connection c, long after, String where, Object[] whereArgs, RecordSink sink)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM audit_record WHERE seq > ?"
                + where + " ORDER BY seq")) {
            ps.setFetchSize(500);
            ps.setLong(1, after);
            for (int i = 0; i < whereArgs.length; i++) {
                ps.setObject(i + 2, whereArgs[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(read(rs));
                }
            }
        }
    }

    private static AuditRecord read(ResultSet rs) throws SQLException {
        AuditEvent event = new AuditEvent(rs.getString("request_id"), rs.getString("principal"),
                rs.getString("account_id"), rs.getString("operation"), rs.getString("vault"),
                rs.getString("subject_id"), rs.getString("decision"), rs.getString("statement"),
                rs.getString("source_ip"), rs.getString("user_agent"), rs.getString("result"));
        return new AuditRecord(rs.getLong("seq"), Instant.parse(rs.getString("time")), event, rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    /** The newest record's seq and hash as the head row says (0 and the genesis hash for an empty chain). */
    public static Checkpoint.Head head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Checkpoint.Head(rs.getLong(1), rs.getString(2))
                    : new Checkpoint.Head(0, AuditRecord.GENESIS);
        }
    }

    /** The checkpoint of the highest seq, if any. */
    public static Optional<Checkpoint> lastCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash, time, key_id, signature FROM audit_checkpoint ORDER BY seq DESC, id DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Checkpoint.read(rs)) : Optional.empty();
        }
    }

    public static void insertCheckpoint(Connection c, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_checkpoint (seq, hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, checkpoint.seq());
            ps.setString(2, checkpoint.hash());
            ps.setString(3, checkpoint.time().toString());
            ps.setString(4, checkpoint.keyId());
            ps.setString(5, checkpoint.signature());
            ps.executeUpdate();
        }
    }

    /** Makes the key known to verifiers that read the database (they still decide whether to trust it). */
    public static void registerKey(Connection c, SigningKey key, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_key (key_id, public_key, registered) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, key.keyId());
            ps.setString(2, key.publicKeyPem());
            ps.setString(3, now.toString());
            ps.executeUpdate();
        }
    }

    /** Whether this database ever had the audit trail on (a key registered or a record written). */
    public static boolean everEnabled(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT COUNT(*) FROM audit_key) + (SELECT COUNT(*) FROM audit_record)");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }
}
