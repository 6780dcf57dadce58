package io.permafrost.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates and migrates the schema on start: scripts {@code db/embedded/V{n}.sql} are applied in order,
 * each in one transaction, and {@code PRAGMA user_version} records the last one applied.
 */
final class SchemaMigrations {
    private SchemaMigrations() {
    }

    static void apply(Connection connection) throws SQLException {
        int version = currentVersion(connection);
        for (int next = version + 1; ; next++) {
            String script = load("db/embedded/V" + next + ".sql");
            if (script == null) {
                return;
            }
            try (Statement st = connection.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                for (String sql : script.split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
                st.execute("PRAGMA user_version=" + next);
                st.execute("COMMIT");
            } catch (SQLException e) {
                try (Statement st = connection.createStatement()) {
                    st.execute("ROLLBACK");
                }
                throw e;
            }
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String resource) {
        try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
