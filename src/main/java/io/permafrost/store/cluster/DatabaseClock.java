package io.permafrost.store.cluster;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The cluster's one time source: PostgreSQL's clock, for due times, lock expiry, retention and leases
 * alike, so no node's skew moves any of them. Reading the database on every call would cost a round
 * trip per request, so the offset between the database's clock and this machine's is measured (the
 * midpoint of the query's round trip) and refreshed every {@link #REFRESH}; in between, a reading is
 * this machine's clock plus that offset, off by at most half a round trip plus the drift of a minute.
 *
 * <p>The seam for tests: the offset is applied to {@code local}, which is the system clock in
 * production and a test's movable clock in tests, so a test still drives tier delays and lease expiry
 * by moving its clock while every node in it reads the same database-anchored time.
 */
public final class DatabaseClock extends Clock {
    static final Duration REFRESH = Duration.ofMinutes(1);

    private final Transactions tx;
    private final Clock local;
    private final Clock system = Clock.systemUTC();
    private volatile long offsetMillis;
    private volatile long measuredAtNanos;
    private volatile boolean measured;

    public DatabaseClock(PostgresDatabase db, Clock local) {
        this.tx = db.transactions();
        this.local = local;
    }

    @Override
    public Instant instant() {
        if (!measured || System.nanoTime() - measuredAtNanos > REFRESH.toNanos()) {
            measure();
        }
        return local.instant().plusMillis(offsetMillis);
    }

    private synchronized void measure() {
        long before = system.millis();
        long database = tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        long after = system.millis();
        offsetMillis = database - (before + after) / 2;
        measuredAtNanos = System.nanoTime();
        measured = true;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
