package io.permafrost.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.sqs.QueueCounts;
import io.permafrost.sqs.QueueRecord;
import io.permafrost.sqs.QueueStore;
import io.permafrost.sqs.StoredMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SQS queues and messages, for both backends (embedded schema V10, cluster V7). Where receivers on several
 * nodes race, each takes only rows no other receiver holds (a claiming read), so a visible message is
 * delivered to one receiver at a time; a send holds the queue row against a concurrent DeleteQueue.
 */
public final class SqlQueueStore implements QueueStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGE_COLUMNS =
            "message_id, body, md5, sent_at, visible_at, receive_count, receipt_handle, first_received_at";
    private final SqlEngine db;

    public SqlQueueStore(SqlEngine db) {
        this.db = db;
    }

    @Override
    public QueueRecord createIfAbsent(QueueRecord queue) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs_queues (account_id, name, attributes, "
                    + "created_at, modified_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, name) DO NOTHING")) {
                ps.setString(1, queue.accountId());
                ps.setString(2, queue.name());
                ps.setString(3, json(queue.attributes()));
                ps.setLong(4, queue.createdAt().toEpochMilli());
                ps.setLong(5, queue.modifiedAt().toEpochMilli());
                ps.executeUpdate();
            }
            return findQueue(c, queue.accountId(), queue.name(), "").orElseThrow();
        });
    }

    @Override
    public Optional<QueueRecord> find(String accountId, String name) {
        return db.read(c -> findQueue(c, accountId, name, ""));
    }

    /** The queue as this transaction sees it; {@code lock} is the engine's locking or shared read, or "". */
    private static Optional<QueueRecord> findQueue(Connection c, String accountId, String name, String lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attributes, created_at, modified_at FROM sqs_queues "
                + "WHERE account_id = ? AND name = ?" + lock)) {
            ps.setString(1, accountId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new QueueRecord(accountId, name, attributes(rs.getString(1)),
                        Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)))) : Optional.empty();
            }
        }
    }

    @Override
    public boolean setAttributes(String accountId, String name, Map<String, String> attributes, Instant now) {
        return db.write(c -> {
            // Locked: two nodes merging attributes at once must not lose one another's change.
            Optional<QueueRecord> queue = findQueue(c, accountId, name, db.lockingRead());
            if (queue.isEmpty()) {
                return false;
            }
            Map<String, String> merged = new LinkedHashMap<>(queue.get().attributes());
            merged.putAll(attributes);
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs_queues SET attributes = ?, modified_at = ? "
                    + "WHERE account_id = ? AND name = ?")) {
                ps.setString(1, json(merged));
                ps.setLong(2, now.toEpochMilli());
                ps.setString(3, accountId);
                ps.setString(4, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean delete(String accountId, String name) {
        return db.write(c -> {
            try (PreparedStatement messages = c.prepareStatement(
                    "DELETE FROM sqs_messages WHERE account_id = ? AND queue_name = ?");
                 PreparedStatement queue = c.prepareStatement(
                         "DELETE FROM sqs_queues WHERE account_id = ? AND name = ?")) {
                messages.setString(1, accountId);
                messages.setString(2, name);
                messages.executeUpdate();
                queue.setString(1, accountId);
                queue.setString(2, name);
                return queue.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean send(String accountId, String name, StoredMessage message) {
        return db.write(c -> {
            // Shared lock: a DeleteQueue on another node waits for this send instead of failing its insert.
            if (findQueue(c, accountId, name, db.sharedRead()).isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs_messages (account_id, queue_name, "
                    + "message_id, body, md5, sent_at, visible_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, accountId);
                ps.setString(2, name);
                ps.setString(3, message.messageId());
                ps.setString(4, message.body());
                ps.setString(5, message.md5OfBody());
                ps.setLong(6, message.sentAt().toEpochMilli());
                ps.setLong(7, message.visibleAt().toEpochMilli());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<StoredMessage> receive(String accountId, String name, int max, Instant now, Instant invisibleUntil,
                                       Instant retainedSince, Supplier<String> receiptHandles) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs_messages WHERE account_id = ? "
                    + "AND queue_name = ? AND sent_at < ?")) {
                ps.setString(1, accountId);
                ps.setString(2, name);
                ps.setLong(3, retainedSince.toEpochMilli());
                ps.executeUpdate();
            }
            List<Long> seqs = new ArrayList<>();
            List<StoredMessage> taken = new ArrayList<>();
            // The claiming read skips rows another receiver holds; one it committed meanwhile is re-checked
            // against its new visible_at before it is taken, so a hidden message is never handed out twice.
            try (PreparedStatement ps = c.prepareStatement("SELECT m.seq, " + MESSAGE_COLUMNS + " FROM sqs_messages m "
                    + "WHERE account_id = ? AND queue_name = ? AND visible_at <= ? ORDER BY seq LIMIT ?"
                    + db.claimingReadOf("m"))) {
                ps.setString(1, accountId);
                ps.setString(2, name);
                ps.setLong(3, now.toEpochMilli());
                ps.setInt(4, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seqs.add(rs.getLong(1));
                        long firstReceived = rs.getLong(9);
                        taken.add(new StoredMessage(rs.getString(2), rs.getString(3), rs.getString(4),
                                Instant.ofEpochMilli(rs.getLong(5)), invisibleUntil, rs.getInt(7) + 1,
                                receiptHandles.get(), rs.wasNull() ? now : Instant.ofEpochMilli(firstReceived)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sqs_messages SET visible_at = ?, receive_count = ?, "
                    + "receipt_handle = ?, first_received_at = ? WHERE seq = ?")) {
                for (int i = 0; i < seqs.size(); i++) {
                    StoredMessage m = taken.get(i);
                    ps.setLong(1, invisibleUntil.toEpochMilli());
                    ps.setInt(2, m.receiveCount());
                    ps.setString(3, m.receiptHandle());
                    ps.setLong(4, m.firstReceivedAt().toEpochMilli());
                    ps.setLong(5, seqs.get(i));
                    ps.executeUpdate();
                }
            }
            return taken;
        });
    }

    @Override
    public boolean deleteMessage(String accountId, String name, String receiptHandle) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs_messages WHERE account_id = ? "
                    + "AND queue_name = ? AND receipt_handle = ?")) {
                ps.setString(1, accountId);
                ps.setString(2, name);
                ps.setString(3, receiptHandle);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public QueueCounts counts(String accountId, String name, Instant now) {
        return db.read(c -> {
            // CASE, not SUM of a comparison: PostgreSQL does not add booleans.
            try (PreparedStatement ps = c.prepareStatement("SELECT "
                    + "COALESCE(SUM(CASE WHEN visible_at <= ? THEN 1 ELSE 0 END), 0), "
                    + "COALESCE(SUM(CASE WHEN visible_at > ? AND receipt_handle IS NOT NULL THEN 1 ELSE 0 END), 0), "
                    + "COALESCE(SUM(CASE WHEN visible_at > ? AND receipt_handle IS NULL THEN 1 ELSE 0 END), 0) "
                    + "FROM sqs_messages WHERE account_id = ? AND queue_name = ?")) {
                long millis = now.toEpochMilli();
                ps.setLong(1, millis);
                ps.setLong(2, millis);
                ps.setLong(3, millis);
                ps.setString(4, accountId);
                ps.setString(5, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new QueueCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                }
            }
        });
    }

    private static String json(Map<String, String> attributes) {
        try {
            return JSON.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attributes are strings", e);
        }
    }

    private static Map<String, String> attributes(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored queue attributes are not JSON", e);
        }
    }
}
