package io.permafrost.cli;

import io.permafrost.intake.StorageTarget;
import io.permafrost.migrate.MigrationRequest;
import io.permafrost.migrate.Migrator;
import io.permafrost.migrate.SourceEndpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code migrate}: copies one vault, or every vault of the source account, from any Glacier vault API endpoint into
 * this server's storage (which may be serving meanwhile). See docs/migration.md.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Copy a vault (or all vaults) from a Glacier endpoint (AWS or another Permafrost) into this "
                + "server's storage: inventory, retrieval jobs, verified by tree hash, resumable.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every archive of the source inventory is in the destination, verified",
                "1:some are not (see the report; run again to continue)",
                "2:bad command line, or the source refused the credentials or has no such vault",
                "3:the destination refused (full or unavailable): stopped cleanly, run again later"})
final class MigrateCommand implements Callable<Integer> {

    @Option(names = "--from-endpoint", description = "The source's Glacier endpoint URL (default: AWS for --from-region).")
    URI fromEndpoint;

    @Option(names = "--from-region", required = true, description = "The source's region (e.g. us-east-1).")
    String fromRegion;

    @Option(names = "--from-profile", description = "Source credentials from this AWS profile (default: "
            + "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the SDK's default chain).")
    String fromProfile;

    @ArgGroup(multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--vault", required = true, description = "The source vault to copy.")
        String vault;

        @Option(names = "--all-vaults", required = true, description = "Copy every vault of the source account, "
                + "each under its own name.")
        boolean all;
    }

    @Option(names = "--to-vault", description = "The destination vault's name (default: the source's).")
    String toVault;

    @Option(names = "--to-account", description = "The destination account (default: the server's default account).")
    String toAccount;

    @Option(names = "--tier", defaultValue = "Bulk", description = "Retrieval tier: Bulk (default), Standard, Expedited.")
    String tier;

    @Option(names = "--concurrency", defaultValue = "4", description = "Retrieval jobs in flight at once (default 4).")
    int concurrency;

    @Option(names = "--max-bytes-per-hour", description = "Budget: bytes requested from the source per hour, "
            + "e.g. 100GiB (default: no limit beyond the source's data retrieval policy).")
    String maxBytesPerHour;

    @Option(names = "--range-size", defaultValue = "64MiB", description = "GetJobOutput range: 1 MiB times a power of "
            + "two (default 64MiB).")
    String rangeSize;

    @Option(names = "--state", description = "The migration's state file (SQLite; default ./permafrost-migrate.db in "
            + "the current directory). The report is written beside it as FILE.report.json.")
    Path state = Path.of("permafrost-migrate.db");

    @Option(names = "--poll-interval", defaultValue = "5s", description = "First wait between job polls; it grows "
            + "up to --max-poll-interval (default 5s).")
    String firstPoll;

    @Option(names = "--max-poll-interval", defaultValue = "15m", description = "Longest wait between job polls (default 15m).")
    String maxPoll;

    @Option(names = "--retry-delay", defaultValue = "1s", description = "First wait before retrying a throttled or "
            + "failed source call; doubles up to 5m (default 1s).")
    String retryDelay;

    @Option(names = "--retries", defaultValue = "10", description = "Attempts of a source call before the archive is "
            + "reported failed for this run (default 10).")
    int retries;

    @Option(names = "--progress-every", defaultValue = "10s", description = "How often a progress line is printed "
            + "when the output is not a terminal (default 10s).")
    String progressEvery;

    /** The destination: the storage this server serves (it may be running), --data DIR or the cluster flags. */
    @Mixin
    StorageOptions storage = new StorageOptions();

    @Override
    public Integer call() {
        if (which.all && toVault != null) {
            throw new StartupException("--to-vault names one vault; with --all-vaults every vault keeps its name");
        }
        if (concurrency < 1) {
            throw new StartupException("--concurrency must be at least 1");
        }
        StorageTarget target = storage.target();
        return new Migrator(request(), System.out, System.err, StdoutTerminal.isTerminal())
                .run(() -> ArchiveIntakes.open(target));
    }

    private MigrationRequest request() {
        OptionalLong budget = maxBytesPerHour == null ? OptionalLong.empty()
                : OptionalLong.of(ByteSizes.parse("--max-bytes-per-hour", maxBytesPerHour));
        MigrationRequest.Timings timings = MigrationRequest.Timings.of(Durations.parse("--poll-interval", firstPoll),
                Durations.parse("--max-poll-interval", maxPoll), Durations.parse("--retry-delay", retryDelay),
                Duration.ofMinutes(5), retries, Durations.parse("--progress-every", progressEvery));
        try {
            return new MigrationRequest(new SourceEndpoint(fromEndpoint, fromRegion, fromProfile), which.vault, which.all,
                    toVault, toAccount, tier, ByteSizes.parse("--range-size", rangeSize), concurrency, budget, state,
                    timings);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }
}
