package io.permafrost.clock;

import io.permafrost.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class ComplianceClockTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock machine = new MutableClock(START);
    private final InMemoryState state = new InMemoryState();

    @Test
    void followsRealTimeWhileTheClocksAgree() throws Exception {
        ComplianceClock clock = ComplianceClock.resume(machine, state);
        machine.advance(Duration.ofDays(3).plusNanos(7));

        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(3).plusNanos(7)));
        assertThat(clock.systemClockLead()).isZero();
    }

    @Test
    void aSystemClockSetForwardDoesNotMoveIt() throws Exception {
        ComplianceClock clock = ComplianceClock.resume(machine, state);
        machine.moveSystemClock(Duration.ofDays(400));

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.systemClockLead()).isEqualTo(Duration.ofDays(400));
    }

    @Test
    void aSystemClockSetBackDoesNotSetItBack() throws Exception {
        ComplianceClock clock = ComplianceClock.resume(machine, state);
        machine.advance(Duration.ofHours(1));
        machine.moveSystemClock(Duration.ofDays(-30));
        machine.advance(Duration.ofHours(1));

        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(2)));
        assertThat(clock.systemClockLead()).isEqualTo(Duration.ofDays(-30));
    }

    @Test
    void catchesUpWithASystemClockAheadOfItByAtMostAWeekPerYear() throws Exception {
        ComplianceClock clock = ComplianceClock.resume(machine, state);
        machine.moveSystemClock(Duration.ofDays(400));
        machine.advance(Duration.ofDays(365));

        assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofDays(365 + 7)));
    }

    @Test
    void catchUpIsBoundedHoweverOftenTheClockIsRead() throws Exception {
        ComplianceClock clock = ComplianceClock.resume(machine, state);
        machine.moveSystemClock(Duration.ofDays(400));
        for (int day = 0; day < 365; day++) {
            machine.advance(Duration.ofDays(1));
            clock.instant();
        }

        // Rounding per read only ever takes from the catch-up, never adds to it.
        assertThat(clock.instant()).isBetween(START.plus(Duration.ofDays(365 + 7)).minusMillis(1),
                START.plus(Duration.ofDays(365 + 7)));
    }

    @Test
    void catchUpStopsAtTheSystemClock() throws Exception {
        ComplianceClock clock = ComplianceClock.resume(machine, state);
        machine.moveSystemClock(Duration.ofHours(1));
        machine.advance(Duration.ofDays(365));

        assertThat(clock.instant()).isEqualTo(machine.systemTime());
        machine.advance(Duration.ofDays(1));
        assertThat(clock.instant()).isEqualTo(machine.systemTime());
    }

    @Test
    void aNewDataDirectoryStartsAtTheSystemTime() throws Exception {
        machine.moveSystemClock(Duration.ofMinutes(5));

        assertThat(ComplianceClock.resume(machine, state).instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    }

    @Test
    void resumesFromItsSavedValueWhicheverWayTheSystemClockMovedMeanwhile() throws Exception {
        state.save(START.minus(Duration.ofDays(10)));
        assertThat(ComplianceClock.resume(machine, state).instant()).isEqualTo(START.minus(Duration.ofDays(10)));

        state.save(START.plus(Duration.ofDays(10)));
        assertThat(ComplianceClock.resume(machine, state).instant()).isEqualTo(START.plus(Duration.ofDays(10)));
    }

    @Test
    void theKeeperSavesWhatTheNextStartResumesFrom() throws Exception {
        ComplianceClockKeeper keeper = keeperOf(ComplianceClock.resume(machine, state));
        machine.advance(Duration.ofDays(2));
        keeper.close();
        machine.moveSystemClock(Duration.ofDays(400));

        assertThat(ComplianceClock.resume(machine, state).instant()).isEqualTo(START.plus(Duration.ofDays(2)));
    }

    @Test
    void theKeeperReportsDisagreementBeyondTheThresholdOnly() throws Exception {
        ComplianceClockKeeper keeper = keeperOf(ComplianceClock.resume(machine, state));
        machine.moveSystemClock(Duration.ofMinutes(5));
        keeper.save();
        assertThat(keeper.disagreeing()).isFalse();

        machine.moveSystemClock(Duration.ofSeconds(1));
        keeper.save();
        assertThat(keeper.disagreeing()).isTrue();
        keeper.close();
    }

    /** A 5-minute alarm; saves only when told (the periodic saves are never started). */
    private ComplianceClockKeeper keeperOf(ComplianceClock clock) {
        return new ComplianceClockKeeper(clock, state, Duration.ofMinutes(5), Duration.ofHours(1));
    }

    private static final class InMemoryState implements ComplianceClockState {
        private final AtomicReference<Instant> saved = new AtomicReference<>();

        @Override
        public Optional<Instant> load() {
            return Optional.ofNullable(saved.get());
        }

        @Override
        public void save(Instant complianceTime) {
            saved.set(complianceTime);
        }
    }
}
