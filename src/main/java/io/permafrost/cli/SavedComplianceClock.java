package io.permafrost.cli;

import io.permafrost.clock.ComplianceClock;
import io.permafrost.clock.ComplianceClockState;
import io.permafrost.clock.SystemTimeSource;
import io.permafrost.store.ComplianceClockRow;
import io.permafrost.store.StorageBackend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The compliance clock as a command that runs beside the server (or without it) reads it: resumed from the
 * value the server last saved (its data directory's file, or the cluster's row) and advanced by this
 * process's own running time, never saved: only the server moves the saved clock. It lags a running
 * server's clock by at most the server's save interval.
 */
final class SavedComplianceClock {
    private SavedComplianceClock() {
    }

    static Clock of(StorageBackend storage, Path dataDir) throws IOException {
        Optional<ComplianceClockRow> row = storage.complianceClockRow();
        ComplianceClockState state = row.isPresent() ? readOnly(row.get()) : new ComplianceClockFile(dataDir);
        return ComplianceClock.resume(SystemTimeSource.INSTANCE, state);
    }

    private static ComplianceClockState readOnly(ComplianceClockRow row) {
        return new ComplianceClockState() {
            @Override
            public Optional<Instant> load() {
                return row.load();
            }

            @Override
            public void save(Instant complianceTime) {
                throw new UnsupportedOperationException("an offline command never saves the compliance clock");
            }
        };
    }
}
