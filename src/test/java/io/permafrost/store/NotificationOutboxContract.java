package io.permafrost.store;

import io.permafrost.store.NotificationOutbox.Pending;
import io.permafrost.testing.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link NotificationOutbox} must do, whichever backend: extended once per backend. The claim race
 * runs real threads against the store, so a claim that is not atomic in its backend hands one row to two holders.
 */
public abstract class NotificationOutboxContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LEASE = T0.plusSeconds(60);

    /** The outbox under test, empty. */
    protected abstract NotificationOutbox outbox();

    /** Runs one statement on the outbox's database, outside the store: how the job store's rows arrive. */
    protected abstract void executeRaw(String sql) throws Exception;

    /** A notification of job {@code jobId}, due at {@code due}, the way a job's completion writes it. */
    private void enqueue(String jobId, Instant due) throws Exception {
        executeRaw("INSERT INTO notification_outbox (job_id, vault_id, created_at, next_attempt_at) VALUES ('"
                + jobId + "', 7, " + T0.toEpochMilli() + ", " + due.toEpochMilli() + ")");
    }

    private static List<String> jobs(List<Pending> pending) {
        return pending.stream().map(Pending::jobId).toList();
    }

    @Test
    void claimsWhatIsDueInDueOrderUpToTheMaximum() throws Exception {
        enqueue("later", T0.plusSeconds(2));
        enqueue("first", T0);
        enqueue("second", T0.plusSeconds(1));
        enqueue("future", T0.plusSeconds(3600));

        List<Pending> claimed = outbox().claim("node-a", T0.plusSeconds(10), LEASE.plusSeconds(10), 2);

        assertThat(jobs(claimed)).containsExactly("first", "second");
        assertThat(claimed).allSatisfy(p -> {
            assertThat(p.vaultId()).isEqualTo(7);
            assertThat(p.attempts()).isZero();
        });
        assertThat(jobs(outbox().claim("node-b", T0.plusSeconds(10), LEASE.plusSeconds(10), 10)))
                .as("the rest of what is due; the leased ones are not handed out again").containsExactly("later");
    }

    @Test
    void aLeaseThatRanOutIsClaimedAgain() throws Exception {
        enqueue("job", T0);
        assertThat(outbox().claim("node-a", T0, LEASE, 10)).hasSize(1);

        assertThat(outbox().claim("node-b", LEASE.minusMillis(1), LEASE.plusSeconds(60), 10)).isEmpty();
        assertThat(jobs(outbox().claim("node-b", LEASE, LEASE.plusSeconds(60), 10))).containsExactly("job");
    }

    @Test
    void aRetryCountsTheAttemptAndWaitsUntilItsTime() throws Exception {
        enqueue("job", T0);
        Pending claimed = outbox().claim("node-a", T0, LEASE, 10).get(0);

        Instant next = T0.plusSeconds(30);
        outbox().retryAt(claimed.id(), 1, next, "connection refused");

        assertThat(outbox().claim("node-a", next.minusMillis(1), LEASE, 10)).as("not before its time").isEmpty();
        List<Pending> again = outbox().claim("node-a", next, next.plusSeconds(60), 10);
        assertThat(again).extracting(Pending::id, Pending::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple(claimed.id(), 1));
        assertThat(outbox().pendingCount()).isEqualTo(1);
    }

    @Test
    void aDeadNotificationIsKeptButNeverClaimedAgainAndADeliveredOneGoes() throws Exception {
        enqueue("dies", T0);
        enqueue("arrives", T0);
        List<Pending> claimed = outbox().claim("node-a", T0, LEASE, 10);
        Pending dies = claimed.stream().filter(p -> p.jobId().equals("dies")).findFirst().orElseThrow();
        Pending arrives = claimed.stream().filter(p -> p.jobId().equals("arrives")).findFirst().orElseThrow();

        outbox().dead(dies.id(), 8, T0.plusSeconds(1), "gone");
        outbox().delivered(arrives.id());

        assertThat(outbox().deadCount()).isEqualTo(1);
        assertThat(outbox().pendingCount()).isZero();
        assertThat(outbox().claim("node-b", T0.plusSeconds(3600), T0.plusSeconds(7200), 10)).isEmpty();
    }

    @Test
    void holdersClaimingAtOnceGetDisjointRows() throws Exception {
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 6; i++) {
                enqueue("r" + round + "-" + i, T0);
            }
            Instant now = T0.plusSeconds(round);
            List<List<Pending>> claims = ConcurrentCalls.race(
                    () -> outbox().claim("node-a", now, now.plusSeconds(3600), 4),
                    () -> outbox().claim("node-b", now, now.plusSeconds(3600), 4),
                    () -> outbox().claim("node-c", now, now.plusSeconds(3600), 4));
            List<Long> ids = new ArrayList<>();
            claims.forEach(claim -> claim.forEach(p -> ids.add(p.id())));
            Set<Long> distinct = new HashSet<>(ids);
            assertThat(ids).as("round %d: no row handed to two holders", round).hasSameSizeAs(distinct);
            assertThat(ids).as("round %d: every due row handed out", round).hasSize(6);
            ids.forEach(outbox()::delivered);
        }
    }
}
