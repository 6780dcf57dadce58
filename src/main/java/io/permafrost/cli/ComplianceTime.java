package io.permafrost.cli;

import io.permafrost.clock.ComplianceClock;
import io.permafrost.clock.ComplianceClockKeeper;
import io.permafrost.clock.ComplianceClockState;
import io.permafrost.clock.TimeSource;
import io.permafrost.store.ComplianceClockRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The embedded server's compliance clock: resumed from {@code DATA/compliance-clock}, saved at once
 * (so the system time it may have started from is never read again) and then every few seconds.
 */
record ComplianceTime(ComplianceClock clock, ComplianceClockKeeper keeper) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ComplianceTime.class);
    /** A kill -9 sets the clock back by at most this much: retention counts that much longer. */
    static final Duration SAVE_INTERVAL = Duration.ofSeconds(10);

    /** More disagreement than this between the system and the compliance clock is logged as an error. */
    static final Duration ALARM_THRESHOLD = Duration.ofMinutes(5);

    static ComplianceTime open(Path dataDir, TimeSource time, boolean dataExisted) throws IOException {
        ComplianceClockFile file = new ComplianceClockFile(dataDir);
        if (file.load().isEmpty() && dataExisted) {
            // Upgraded from a version without the clock, or the file was deleted: nothing better to start from.
            LOG.warn("COMPLIANCE CLOCK: {} has data but no {} file; starting the compliance clock from the system "
                    + "clock ({}). If this data directory had one, restore it from a backup", dataDir,
                    ComplianceClockFile.NAME, time.systemTime());
        }
        return start(time, file, dataDir.resolve(ComplianceClockFile.NAME).toString());
    }

    /**
     * A cluster node's compliance clock: resumed from the row every node saves to (the latest any node
     * saved), so a node never starts behind the cluster's clock and needs no data directory.
     */
    static ComplianceTime openShared(ComplianceClockRow row, TimeSource time) throws IOException {
        ComplianceClockState state = new ComplianceClockState() {
            @Override
            public Optional<Instant> load() {
                return row.load();
            }

            @Override
            public void save(Instant complianceTime) {
                row.advanceTo(complianceTime);
            }
        };
        return start(time, state, "the cluster's compliance clock row");
    }

    private static ComplianceTime start(TimeSource time, ComplianceClockState state, String where) throws IOException {
        ComplianceClock clock = ComplianceClock.resume(time, state);
        ComplianceClockKeeper keeper = new ComplianceClockKeeper(clock, state, ALARM_THRESHOLD, SAVE_INTERVAL);
        try {
            keeper.save();
        } catch (IOException e) {
            throw StartupException.io("cannot write " + where, e);
        }
        keeper.start();
        return new ComplianceTime(clock, keeper);
    }

    @Override
    public void close() throws IOException {
        keeper.close();
    }
}
