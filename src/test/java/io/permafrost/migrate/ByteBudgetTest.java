package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** The budget on a clock the test moves: each wait it asks for is exactly the refill time of what is missing. */
class ByteBudgetTest {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    private long now;
    private final List<Long> waits = new ArrayList<>();
    private final ByteBudget budget = new ByteBudget(3600, () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void anHoursWorthGoesAtOnceThenTheRestAtTheHourlyRate() {
        budget.acquire(3000);
        budget.acquire(600);
        assertThat(waits).isEmpty();

        budget.acquire(10);

        // 3600 bytes per hour is one byte a second: 10 bytes are 10 seconds away.
        assertThat(waits).containsExactly(10 * HOUR_NANOS / 3600);
    }

    @Test
    void aRetrievalLargerThanAnHoursBudgetWaitsForAFullBucketAndIsNotRefused() {
        budget.acquire(100);
        budget.acquire(10_000);

        assertThat(waits).containsExactly(100 * HOUR_NANOS / 3600);
        // It left the bucket in debt: the next byte waits until the debt is repaid.
        budget.acquire(1);
        assertThat(waits.get(1)).isEqualTo((10_000 - 3600 + 1) * HOUR_NANOS / 3600);
    }
}
