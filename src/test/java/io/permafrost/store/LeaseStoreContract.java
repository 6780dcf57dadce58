package io.permafrost.store;

import io.permafrost.testing.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link LeaseStore} must do, whichever backend: extended once per backend. The race runs real
 * threads against the store, so a take-over that is not atomic in its backend gives one lease to two holders.
 */
public abstract class LeaseStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant UNTIL = T0.plusSeconds(60);

    /** The lease store under test, empty. */
    protected abstract LeaseStore leases();

    @Test
    void aLiveLeaseIsNotTakenAgainNotEvenByItsHolder() {
        assertThat(leases().tryAcquire("scan", "node-a", T0, UNTIL)).isTrue();
        assertThat(leases().tryAcquire("scan", "node-a", T0.plusSeconds(1), UNTIL.plusSeconds(1))).isFalse();
        assertThat(leases().tryAcquire("scan", "node-b", UNTIL.minusMillis(1), UNTIL.plusSeconds(60))).isFalse();
        assertThat(leases().tryAcquire("other-task", "node-b", T0, UNTIL)).as("leases are per task").isTrue();
    }

    @Test
    void aLeaseThatRanOutPassesOnAndItsFormerHolderCannotRenewIt() {
        leases().tryAcquire("scan", "node-a", T0, UNTIL);
        assertThat(leases().tryAcquire("scan", "node-b", UNTIL, UNTIL.plusSeconds(60))).isTrue();

        assertThat(leases().renew("scan", "node-a", UNTIL.plusSeconds(120))).isFalse();
        assertThat(leases().renew("scan", "node-b", UNTIL.plusSeconds(120))).isTrue();
        assertThat(leases().tryAcquire("scan", "node-c", UNTIL.plusSeconds(60), UNTIL.plusSeconds(180)))
                .as("the renewal holds").isFalse();
    }

    @Test
    void onlyTheHolderReleasesALease() {
        leases().tryAcquire("scan", "node-a", T0, UNTIL);
        leases().release("scan", "node-b");
        assertThat(leases().tryAcquire("scan", "node-b", T0, UNTIL)).isFalse();

        leases().release("scan", "node-a");
        assertThat(leases().tryAcquire("scan", "node-b", T0, UNTIL)).isTrue();
    }

    @Test
    void ofHoldersRacingForARunOutLeaseExactlyOneGetsIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            String task = "task-" + round;
            leases().tryAcquire(task, "old", T0, UNTIL);
            List<Boolean> won = ConcurrentCalls.race(
                    () -> leases().tryAcquire(task, "node-a", UNTIL, UNTIL.plusSeconds(60)),
                    () -> leases().tryAcquire(task, "node-b", UNTIL, UNTIL.plusSeconds(60)),
                    () -> leases().tryAcquire(task, "node-c", UNTIL, UNTIL.plusSeconds(60)));
            assertThat(won).as("round %d", round).containsOnlyOnce(true);
        }
    }
}
