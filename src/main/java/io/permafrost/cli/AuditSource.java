package io.permafrost.cli;

import io.permafrost.audit.AuditHeadFile;
import io.permafrost.audit.Checkpoint;
import org.sqlite.SQLiteConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Where {@code audit verify} and {@code audit export} read the chain, opened read-only and without the
 * data directory's lock, so that they work beside a running server: a data directory's
 * {@code metadata.db}, or a cluster's PostgreSQL database.
 */
final class AuditSource {
    @Option(names = "--data", description = "Data directory (default ./permafrost-data).")
    Path data = ServerConfig.DEFAULT_DATA;

    @Option(names = "--metadata", description = "Cluster mode: JDBC URL of the PostgreSQL metadata database.")
    String metadata;

    @Option(names = "--metadata-schema", description = "Cluster mode: the schema the cluster's tables are in "
            + "(default: the connection's).")
    String schema;

    boolean cluster() {
        return metadata != null;
    }

    /** One read-only transaction over one snapshot of the chain. */
    Connection open() throws SQLException {
        if (cluster()) {
            Connection c = DriverManager.getConnection(metadata);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            if (schema != null) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET search_path TO \"" + schema.replace("\"", "\"\"") + "\"");
                }
            }
            return c;
        }
        Path file = data.resolve("metadata.db");
        if (!Files.exists(file)) {
            throw new StartupException("--data " + data.toAbsolutePath() + ": no metadata.db here");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        c.setAutoCommit(false);
        return c;
    }

    /** The newest checkpoint as the data directory keeps it outside the database; a cluster keeps none. */
    Optional<Checkpoint> headFile() throws IOException {
        return cluster() ? Optional.empty() : AuditHeadFile.read(data.resolve(AuditHeadFile.NAME));
    }

    /** The public key an embedded server exported, trusted when no {@code --public-key} is given. */
    Optional<Path> exportedPublicKey() {
        Path pub = data.resolve(AuditSettings.DEFAULT_KEY_FILE + ".pub");
        return !cluster() && Files.exists(pub) ? Optional.of(pub) : Optional.empty();
    }
}
