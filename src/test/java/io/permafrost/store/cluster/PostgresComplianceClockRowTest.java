package io.permafrost.store.cluster;

import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster's compliance clock row: what any node saved last, never moved back by a slower node. */
class PostgresComplianceClockRowTest {

    @Test
    void theRowOnlyMovesForwardWhicheverNodeSavesLast() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema())) {
            PostgresComplianceClockRow nodeA = new PostgresComplianceClockRow(db);
            PostgresComplianceClockRow nodeB = new PostgresComplianceClockRow(db);
            assertThat(nodeA.load()).isEmpty();
            Instant ahead = Instant.parse("2027-01-01T00:00:00Z");
            nodeA.advanceTo(ahead);
            nodeB.advanceTo(ahead.minusSeconds(3600)); // a node whose clock lags saves later: no step back
            assertThat(nodeB.load()).contains(ahead);
        }
    }

    @Test
    void concurrentSavesKeepTheLatest() throws Exception {
        try (PostgresDatabase db = PostgresDatabase.open(ThrowawayPostgres.url(), ThrowawayPostgres.freshSchema())) {
            Instant base = Instant.parse("2027-01-01T00:00:00Z");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> saves = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Instant at = base.plusSeconds(i);
                    saves.add(pool.submit(() -> new PostgresComplianceClockRow(db).advanceTo(at)));
                }
                for (Future<?> save : saves) {
                    save.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(new PostgresComplianceClockRow(db).load()).contains(base.plusSeconds(39));
        }
    }
}
