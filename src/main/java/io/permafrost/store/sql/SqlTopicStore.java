package io.permafrost.store.sql;

import io.permafrost.sns.SubscriptionRecord;
import io.permafrost.sns.TopicRecord;
import io.permafrost.sns.TopicStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SNS topics and subscriptions, for both backends (embedded schema V10, cluster V7). */
public final class SqlTopicStore implements TopicStore {
    private static final String SUBSCRIPTION_COLUMNS = "arn, topic_arn, owner_account_id, protocol, endpoint";
    private final SqlEngine db;

    public SqlTopicStore(SqlEngine db) {
        this.db = db;
    }

    @Override
    public TopicRecord createIfAbsent(TopicRecord topic) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sns_topics (arn, account_id, name, created_at) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING")) {
                ps.setString(1, topic.arn());
                ps.setString(2, topic.accountId());
                ps.setString(3, topic.name());
                ps.setLong(4, topic.createdAt().toEpochMilli());
                ps.executeUpdate();
            }
            return findTopic(c, topic.arn(), "").orElseThrow();
        });
    }

    @Override
    public Optional<TopicRecord> find(String topicArn) {
        return db.read(c -> findTopic(c, topicArn, ""));
    }

    /** The topic as this transaction sees it; {@code lock} is the engine's shared read, or "". */
    private static Optional<TopicRecord> findTopic(Connection c, String arn, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT arn, account_id, name, created_at FROM sns_topics "
                + "WHERE arn = ?" + lock)) {
            ps.setString(1, arn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TopicRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)))) : Optional.empty();
            }
        }
    }

    @Override
    public boolean delete(String topicArn) {
        return db.write(c -> {
            try (PreparedStatement subs = c.prepareStatement("DELETE FROM sns_subscriptions WHERE topic_arn = ?");
                 PreparedStatement topic = c.prepareStatement("DELETE FROM sns_topics WHERE arn = ?")) {
                subs.setString(1, topicArn);
                subs.executeUpdate();
                topic.setString(1, topicArn);
                return topic.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<SubscriptionRecord> subscribeIfAbsent(SubscriptionRecord subscription) {
        return db.write(c -> {
            // Shared lock: a DeleteTopic on another node waits for this subscription instead of failing it.
            if (findTopic(c, subscription.topicArn(), db.sharedRead()).isEmpty()) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sns_subscriptions (" + SUBSCRIPTION_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (topic_arn, protocol, endpoint) DO NOTHING")) {
                ps.setString(1, subscription.arn());
                ps.setString(2, subscription.topicArn());
                ps.setString(3, subscription.ownerAccountId());
                ps.setString(4, subscription.protocol());
                ps.setString(5, subscription.endpoint());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SUBSCRIPTION_COLUMNS + " FROM sns_subscriptions "
                    + "WHERE topic_arn = ? AND protocol = ? AND endpoint = ?")) {
                ps.setString(1, subscription.topicArn());
                ps.setString(2, subscription.protocol());
                ps.setString(3, subscription.endpoint());
                return subscriptions(ps).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<SubscriptionRecord> subscription(String subscriptionArn) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SUBSCRIPTION_COLUMNS
                    + " FROM sns_subscriptions WHERE arn = ?")) {
                ps.setString(1, subscriptionArn);
                return subscriptions(ps).stream().findFirst();
            }
        });
    }

    @Override
    public boolean unsubscribe(String subscriptionArn) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sns_subscriptions WHERE arn = ?")) {
                ps.setString(1, subscriptionArn);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<SubscriptionRecord> subscriptions(String topicArn) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + SUBSCRIPTION_COLUMNS
                    + " FROM sns_subscriptions WHERE topic_arn = ? ORDER BY arn")) {
                ps.setString(1, topicArn);
                return subscriptions(ps);
            }
        });
    }

    private static List<SubscriptionRecord> subscriptions(PreparedStatement ps) throws SQLException {
        List<SubscriptionRecord> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new SubscriptionRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        return found;
    }
}
