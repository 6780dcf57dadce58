package io.permafrost.clock;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The time every retention and lock-expiry decision is made on. It advances with the monotonic
 * clock, so setting the system clock forward (or running under {@code faketime}) does not age an
 * archive; it never goes backwards; it resumes from its last saved value after a restart, so it does
 * not run while the server is down. When the system clock is ahead of it (after downtime, or because
 * someone moved it) it catches up by at most {@link #CATCH_UP_DAYS_PER_YEAR} days per year of real
 * elapsed time, the bound NetApp documents for SnapLock's ComplianceClock: slow enough that moving the
 * system clock gains an attacker almost nothing, fast enough that ordinary downtime is absorbed in time.
 * Every error of this clock counts retention longer, never shorter.
 */
public final class ComplianceClock extends UtcClock {
    /** Extra days the clock may gain per 365 days of elapsed time while it lags the system clock. */
    public static final long CATCH_UP_DAYS_PER_YEAR = 7;

    private final TimeSource time;
    /**
     * The last reading and the monotonic time it was taken at, replaced as one value (compare-and-set)
     * rather than under a lock: every request reads this clock, and the monitor it had was the most
     * contended one in a profile of 256 clients.
     */
    private final AtomicReference<Reading> last;

    private record Reading(Instant at, long monotonicNanos) {
    }

    ComplianceClock(TimeSource time, Instant start) {
        this.time = time;
        this.last = new AtomicReference<>(new Reading(start, time.monotonicNanos()));
    }

    /**
     * Continues from the saved value, or starts at the system time when there is none (a data
     * directory that never had a compliance clock: that one moment the system clock is trusted).
     */
    public static ComplianceClock resume(TimeSource time, ComplianceClockState state) throws IOException {
        return new ComplianceClock(time, state.load().orElseGet(time::systemTime));
    }

    /**
     * Each reading advances the one before by the monotonic time elapsed since (plus any catch-up), so
     * the clock never goes backwards; a reading that lost the race to another thread's is retried from
     * that one.
     */
    @Override
    public Instant instant() {
        while (true) {
            Reading before = last.get();
            long nanos = time.monotonicNanos();
            long elapsed = nanos - before.monotonicNanos();
            if (elapsed <= 0) {
                return before.at();
            }
            Instant advanced = before.at().plusNanos(elapsed);
            Duration behind = Duration.between(advanced, time.systemTime());
            if (!behind.isNegative() && !behind.isZero()) {
                Duration allowance = Duration.ofNanos(catchUpAllowance(elapsed));
                advanced = advanced.plus(behind.compareTo(allowance) < 0 ? behind : allowance);
            }
            if (last.compareAndSet(before, new Reading(advanced, nanos))) {
                return advanced;
            }
        }
    }

    /** The most the clock may gain beyond {@code elapsed}: 7/365 of it, rounded down (toward safety). */
    static long catchUpAllowance(long elapsedNanos) {
        return elapsedNanos / 365 * CATCH_UP_DAYS_PER_YEAR + elapsedNanos % 365 * CATCH_UP_DAYS_PER_YEAR / 365;
    }

    /** How far the system clock is ahead of this one (negative: behind), for the alarm and health. */
    public Duration systemClockLead() {
        Instant compliance = instant();
        return Duration.between(compliance, time.systemTime());
    }
}
