package io.permafrost.store.cluster;

import io.permafrost.testing.MutableClock;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster reads the database's time, and a test's clock still moves it. */
class DatabaseClockTest {

    @Test
    void readsTheDatabasesTimeAndMovesWithTheTestClock() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema())) {
            MutableClock test = new MutableClock();
            DatabaseClock clock = new DatabaseClock(db, test);
            Instant read = clock.instant();
            // The test clock stands still, so the reading is the database's time when it was measured.
            assertThat(Duration.between(read, databaseNow()).abs()).isLessThan(Duration.ofSeconds(5));
            test.advance(Duration.ofHours(4));
            assertThat(clock.instant()).isEqualTo(read.plus(Duration.ofHours(4)));
        }
    }

    private static Instant databaseNow() throws Exception {
        try (Connection c = DriverManager.getConnection(ThrowawayPostgres.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
            rs.next();
            return Instant.ofEpochMilli(rs.getLong(1));
        }
    }
}
