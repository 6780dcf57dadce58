package io.permafrost.store.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The cluster's metadata database: a HikariCP pool on one PostgreSQL database (or one schema of it),
 * migrated by Flyway from {@code db/cluster} when opened. Any number of nodes may open it at the same
 * moment: the migration runs under a PostgreSQL advisory lock held for its whole duration, so exactly
 * one node migrates and the others wait, then find the schema current and do nothing.
 */
public final class PostgresDatabase implements AutoCloseable {
    /** The advisory lock key of the migration: any fixed 64-bit number no other code uses ("PFMIGRAT"). */
    static final long MIGRATION_LOCK = 0x50464d4947524154L;
    private static final int POOL_SIZE = 16;

    private final HikariDataSource pool;
    private final String schema;
    private final Transactions transactions;

    private PostgresDatabase(HikariDataSource pool, String schema) {
        this.pool = pool;
        this.schema = schema;
        this.transactions = new Transactions(pool);
    }

    /**
     * Opens the pool on {@code jdbcUrl} and migrates; {@code schema} (null: {@code public}) is where the
     * tables live, so several independent clusters (or tests) can share one database.
     */
    public static PostgresDatabase open(String jdbcUrl, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setPoolName("permafrost-metadata");
        // Transactions are explicit everywhere (Transactions), so a borrowed connection never auto-commits.
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Lets the pool start while PostgreSQL is down: requests fail (503) until it is back, then recover.
        config.setInitializationFailTimeout(-1);
        if (schema != null) {
            config.setSchema(schema);
        }
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, schema);
            return new PostgresDatabase(pool, schema);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Runs Flyway while holding the migration advisory lock on a connection of its own. Flyway takes a lock
     * of its own too; ours also covers creating the schema and Flyway's history table, and does not depend on
     * how a Flyway version happens to lock.
     */
    static void migrate(DataSource pool, String schema) {
        try (Connection guard = pool.getConnection()) {
            guard.setAutoCommit(true);
            try (PreparedStatement lock = guard.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, MIGRATION_LOCK);
                lock.execute();
            }
            try {
                var flyway = Flyway.configure()
                        .dataSource(pool)
                        .locations("classpath:db/cluster")
                        .createSchemas(true);
                if (schema != null) {
                    flyway.schemas(schema);
                }
                flyway.load().migrate();
            } finally {
                try (PreparedStatement unlock = guard.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, MIGRATION_LOCK);
                    unlock.execute();
                }
                guard.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate the metadata database: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public Transactions transactions() {
        return transactions;
    }

    /** The schema the tables live in; null for the connection's default. */
    public String schema() {
        return schema;
    }

    @Override
    public void close() {
        pool.close();
    }
}
