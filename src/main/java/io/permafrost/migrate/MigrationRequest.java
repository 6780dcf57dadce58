package io.permafrost.migrate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Everything one {@code permafrost migrate} run was asked: the source and which of its vaults ({@code vault}, or
 * every vault when {@code allVaults}), the destination vault name and account (null: the same name, the intake's
 * default account), how to retrieve, the budget, the state file, and the timings of polls, retries and progress lines.
 */
public record MigrationRequest(SourceEndpoint source, String vault, boolean allVaults, String toVault, String toAccount,
                               String tier, long rangeSize, int concurrency, OptionalLong maxBytesPerHour,
                               Path stateFile, Timings timings) {

    public MigrationRequest {
        RetrievalSettings.validate(tier, rangeSize);
    }

    /** Waits between job polls and between retries of a failing call, and how often a plain progress line appears. */
    public record Timings(Backoff polls, Backoff retries, int attempts, Duration progressEvery) {
        public static Timings of(Duration firstPoll, Duration maxPoll, Duration firstRetry, Duration maxRetry,
                                 int attempts, Duration progressEvery) {
            return new Timings(new Backoff(firstPoll, maxPoll, 1.5), new Backoff(firstRetry, maxRetry, 2.0), attempts,
                    progressEvery);
        }
    }

    public Path reportFile() {
        return stateFile.resolveSibling(stateFile.getFileName() + ".report.json");
    }

    Path spoolDir() {
        return stateFile.resolveSibling(stateFile.getFileName() + ".spool");
    }
}
