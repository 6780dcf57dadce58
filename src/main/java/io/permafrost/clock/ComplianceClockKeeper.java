package io.permafrost.clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the compliance clock's saved value close behind it while the server runs (so a kill -9
 * loses at most one interval, which only makes retention count longer) and saves it once more at
 * shutdown. On each save it compares the system clock with the compliance clock and says so loudly
 * when they disagree by more than the alarm threshold, once per episode rather than every interval.
 */
public final class ComplianceClockKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComplianceClockKeeper.class);

    private final ComplianceClock clock;
    private final ComplianceClockState state;
    private final Duration alarmThreshold;
    private final Duration saveInterval;
    private final ScheduledExecutorService schedule;
    private Instant saved = Instant.MIN;
    private volatile boolean disagreeing;
    private volatile boolean saveFailing;

    public ComplianceClockKeeper(ComplianceClock clock, ComplianceClockState state, Duration alarmThreshold,
                                 Duration saveInterval) {
        this.clock = clock;
        this.state = state;
        this.alarmThreshold = alarmThreshold;
        this.saveInterval = saveInterval;
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "compliance-clock");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic saves. */
    public void start() {
        long millis = saveInterval.toMillis();
        schedule.scheduleWithFixedDelay(this::saveQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Saves now (also the first save of a new data directory, so a restart never re-reads the system clock). */
    public synchronized void save() throws IOException {
        checkAgreement();
        Instant now = clock.instant();
        if (now.isAfter(saved)) {
            state.save(now);
            saved = now;
        }
    }

    private void saveQuietly() {
        try {
            save();
            if (saveFailing) {
                LOG.info("the compliance clock is saved again");
            }
            saveFailing = false;
        } catch (IOException | RuntimeException e) {
            if (!saveFailing) {
                LOG.error("cannot save the compliance clock ({}); after a restart it would resume from its last "
                        + "saved value, which only counts retention longer", e.getMessage());
            }
            saveFailing = true;
        }
    }

    private void checkAgreement() {
        Duration lead = clock.systemClockLead();
        boolean now = lead.abs().compareTo(alarmThreshold) > 0;
        if (now && !disagreeing) {
            LOG.error("COMPLIANCE CLOCK: the system clock is {} {} the compliance clock ({}); retention and lock "
                            + "expiry keep following the compliance clock, which catches up with a system clock ahead of "
                            + "it by at most {} days per year and never goes back. Expected after downtime; otherwise "
                            + "check NTP and who set the clock", lead.abs(), lead.isNegative() ? "behind" : "ahead of",
                    clock.instant(), ComplianceClock.CATCH_UP_DAYS_PER_YEAR);
        } else if (!now && disagreeing) {
            LOG.info("the system clock agrees with the compliance clock again (within {})", alarmThreshold);
        }
        disagreeing = now;
    }

    /** True while the two clocks disagree by more than the threshold (shown by health). */
    public boolean disagreeing() {
        return disagreeing;
    }

    /** True while the last attempt to save the clock failed. */
    public boolean saveFailing() {
        return saveFailing;
    }

    /** Stops the periodic saves without a last one (a start that failed half-way). */
    public void stop() {
        // Not shutdownNow: interrupting a save in progress would close its file channel under it.
        schedule.shutdown();
        try {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        save();
    }
}
