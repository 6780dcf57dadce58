package io.permafrost.store.cluster;

import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several nodes starting together against an empty database: one migrates, all come up on one schema. */
class ConcurrentMigrationTest {

    @Test
    void threeNodesOpeningAnEmptySchemaAtOnceMigrateItExactlyOnce() throws Exception {
        String url = ThrowawayPostgres.url();
        String schema = ThrowawayPostgres.freshSchema();
        int nodes = 3;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<Future<PostgresDatabase>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return PostgresDatabase.open(url, schema);
                }));
            }
            go.countDown();
            for (Future<PostgresDatabase> db : opened) {
                db.get().close();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version, COUNT(*) FROM " + schema
                    + ".flyway_schema_history WHERE success GROUP BY version ORDER BY version")) {
                List<String> applied = new ArrayList<>();
                while (rs.next()) {
                    assertThat(rs.getInt(2)).as("times version %s was applied", rs.getString(1)).isEqualTo(1);
                    applied.add(rs.getString(1));
                }
                assertThat(applied).contains("1");
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + schema + ".vaults")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void theMigrationLockIsFreeAgainAfterOpening() throws Exception {
        String url = ThrowawayPostgres.url();
        PostgresDatabase.open(url, ThrowawayPostgres.freshSchema()).close();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + PostgresDatabase.MIGRATION_LOCK + ")")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("another node could take the migration lock").isTrue();
        }
    }
}
