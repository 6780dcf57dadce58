package io.permafrost.store.sql;

import io.permafrost.session.ConsoleSessionStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Console sessions for both backends (embedded schema V13, cluster V8). */
public final class SqlConsoleSessionStore implements ConsoleSessionStore {
    private final SqlEngine db;

    public SqlConsoleSessionStore(SqlEngine db) {
        this.db = db;
    }

    @Override
    public void insert(StoredSession session) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_sessions (token_hash, access_key_id, "
                    + "csrf_token, created_at, absolute_end, ends_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, session.tokenHash());
                ps.setString(2, session.accessKeyId());
                ps.setString(3, session.csrfToken());
                ps.setLong(4, session.createdAt().toEpochMilli());
                ps.setLong(5, session.absoluteEnd().toEpochMilli());
                ps.setLong(6, session.endsAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StoredSession> touch(String tokenHash, Instant now, Instant idleEnd) {
        return db.write(c -> {
            StoredSession found;
            // Locked: a sign-out on another node either waits for this use or wins before it (then: gone).
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, access_key_id, csrf_token, created_at, "
                    + "absolute_end, ends_at FROM console_sessions WHERE token_hash = ?" + db.lockingRead())) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    found = new StoredSession(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)),
                            Instant.ofEpochMilli(rs.getLong(6)));
                }
            }
            if (!now.isBefore(found.endsAt())) {
                deleteSession(c, tokenHash);
                return Optional.empty();
            }
            Instant endsAt = idleEnd.isBefore(found.absoluteEnd()) ? idleEnd : found.absoluteEnd();
            try (PreparedStatement ps = c.prepareStatement("UPDATE console_sessions SET ends_at = ? WHERE token_hash = ?")) {
                ps.setLong(1, endsAt.toEpochMilli());
                ps.setString(2, tokenHash);
                ps.executeUpdate();
            }
            return Optional.of(new StoredSession(found.tokenHash(), found.accessKeyId(), found.csrfToken(),
                    found.createdAt(), found.absoluteEnd(), endsAt));
        });
    }

    @Override
    public void delete(String tokenHash) {
        db.write(c -> {
            deleteSession(c, tokenHash);
            return null;
        });
    }

    private static void deleteSession(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement locks = c.prepareStatement("DELETE FROM console_session_locks WHERE token_hash = ?");
             PreparedStatement session = c.prepareStatement("DELETE FROM console_sessions WHERE token_hash = ?")) {
            locks.setString(1, tokenHash);
            locks.executeUpdate();
            session.setString(1, tokenHash);
            session.executeUpdate();
        }
    }

    @Override
    public int pruneEnded(Instant now) {
        return db.write(c -> {
            try (PreparedStatement locks = c.prepareStatement("DELETE FROM console_session_locks WHERE token_hash IN "
                    + "(SELECT token_hash FROM console_sessions WHERE ends_at <= ?)");
                 PreparedStatement sessions = c.prepareStatement("DELETE FROM console_sessions WHERE ends_at <= ?")) {
                locks.setLong(1, now.toEpochMilli());
                locks.executeUpdate();
                sessions.setLong(1, now.toEpochMilli());
                return sessions.executeUpdate();
            }
        });
    }

    @Override
    public void setFlash(String tokenHash, String message) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE console_sessions SET flash = ? WHERE token_hash = ?")) {
                ps.setString(1, message);
                ps.setString(2, tokenHash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public String takeFlash(String tokenHash) {
        return db.write(c -> {
            String message;
            try (PreparedStatement ps = c.prepareStatement("SELECT flash FROM console_sessions WHERE token_hash = ?"
                    + db.lockingRead())) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    message = rs.next() ? rs.getString(1) : null;
                }
            }
            if (message != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE console_sessions SET flash = NULL WHERE token_hash = ?")) {
                    ps.setString(1, tokenHash);
                    ps.executeUpdate();
                }
            }
            return message;
        });
    }

    @Override
    public void rememberLockId(String tokenHash, String vault, String lockId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO console_session_locks (token_hash, vault, "
                    + "lock_id) VALUES (?, ?, ?) ON CONFLICT (token_hash, vault) DO UPDATE SET lock_id = excluded.lock_id")) {
                ps.setString(1, tokenHash);
                ps.setString(2, vault);
                ps.setString(3, lockId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<String> lockId(String tokenHash, String vault) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lock_id FROM console_session_locks WHERE token_hash = ? AND vault = ?")) {
                ps.setString(1, tokenHash);
                ps.setString(2, vault);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }
}
