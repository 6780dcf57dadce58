package io.permafrost.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The statements that frame the writer's group transaction and each write's savepoint in it, prepared
 * once. A {@code Statement.execute} of the same text compiles it again on every call, and the writer
 * runs two of them per write and two per commit on the thread every write waits for.
 */
final class GroupTransaction implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement begin;
    private final PreparedStatement savepoint;
    private final PreparedStatement release;
    private final PreparedStatement rollbackToSavepoint;
    private final PreparedStatement commit;

    GroupTransaction(Connection connection) throws SQLException {
        this.connection = connection;
        begin = connection.prepareStatement("BEGIN IMMEDIATE");
        savepoint = connection.prepareStatement("SAVEPOINT w");
        release = connection.prepareStatement("RELEASE w");
        rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO w");
        commit = connection.prepareStatement("COMMIT");
    }

    void begin() throws SQLException {
        begin.execute();
    }

    void setSavepoint() throws SQLException {
        savepoint.execute();
    }

    void releaseSavepoint() throws SQLException {
        release.execute();
    }

    /** Undoes what was done since the savepoint, and ends it: the transaction goes on without it. */
    void rollBackToSavepoint() throws SQLException {
        rollbackToSavepoint.execute();
        release.execute();
    }

    void commit() throws SQLException {
        commit.execute();
    }

    /** After a failure of the transaction itself: nothing of it is kept (whoever waits learns the failure). */
    void rollBackQuietly() {
        // Not prepared: a failing transaction is rare, and SQLite may have ended it already.
        try (var st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing was committed either way.
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : new PreparedStatement[] {begin, savepoint, release, rollbackToSavepoint, commit}) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // Closing with the database: nothing is left to save.
            }
        }
    }
}
