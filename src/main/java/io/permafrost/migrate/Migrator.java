package io.permafrost.migrate;

import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.IntakeRefused;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * {@code permafrost migrate}: checks the source's credentials and vaults before any work, then migrates each vault
 * into the intake and ends with the reconciliation report. Exit codes: 0 every inventory archive is in the
 * destination, verified; 1 some are not (the report says which and why; a re-run continues); 2 the source refused
 * the credentials or has no such vault; 3 the destination refused (full or unavailable): stopped cleanly, re-run later.
 */
public final class Migrator {
    public static final int COMPLETE = 0;
    public static final int INCOMPLETE = 1;
    public static final int SOURCE_REFUSED = 2;
    public static final int DESTINATION_REFUSED = 3;

    private final MigrationRequest request;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    /** The byte budget for a bytes-per-hour limit: on real time, or on a test's clock. */
    private final LongFunction<ByteBudget> budgets;

    public Migrator(MigrationRequest request, PrintStream out, PrintStream err, boolean terminal) {
        this(request, out, err, terminal, ByteBudget::perHour);
    }

    Migrator(MigrationRequest request, PrintStream out, PrintStream err, boolean terminal,
             LongFunction<ByteBudget> budgets) {
        this.request = request;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.budgets = budgets;
    }

    /** Runs the migration into the intake {@code openIntake} opens (only once the source has been checked). */
    public int run(Supplier<ArchiveIntake> openIntake) {
        MigrationCounters counters = new MigrationCounters();
        MigrationRequest.Timings timings = request.timings();
        TransientRetry retry = new TransientRetry(timings.retries(), timings.attempts(), counters);
        try (GlacierClient source = request.source().client(request.concurrency() + 2)) {
            List<String> vaults;
            try {
                vaults = sourceVaults(source, retry);
            } catch (SourceUnavailable e) {
                err.println("permafrost migrate: the source " + where() + " is unreachable: " + e.getMessage());
                return INCOMPLETE;
            } catch (RuntimeException e) {
                err.println("permafrost migrate: " + refusal(e));
                return SOURCE_REFUSED;
            }
            try (MigrationState state = MigrationState.open(request.stateFile());
                 ArchiveIntake intake = openIntake.get()) {
                return migrate(source, retry, counters, vaults, state, intake);
            } catch (IntakeRefused refused) {
                // The destination could not be opened at all (or refused later, outside an archive): nothing half done.
                err.println("permafrost migrate: STOPPED: the destination refused (" + refused.reason() + "): "
                        + refused.getMessage() + "; run migrate again to continue");
                return refused.retryable() ? DESTINATION_REFUSED : INCOMPLETE;
            }
        }
    }

    private int migrate(GlacierClient source, TransientRetry retry, MigrationCounters counters, List<String> vaults,
                        MigrationState state, ArchiveIntake intake) {
        String account = request.toAccount() != null ? request.toAccount() : intake.defaultAccount();
        OptionalLong limit = RetrievalLimit.of(source, retry, request.maxBytesPerHour());
        limit.ifPresent(bytes -> out.println("migrate: retrieving at most " + ProgressDisplay.bytes(bytes) + " per hour"));
        Optional<ByteBudget> budget = limit.isPresent() ? Optional.of(budgets.apply(limit.getAsLong()))
                : Optional.empty();
        JobWaiter waiter = new JobWaiter(source, retry, request.timings().polls());
        RetrievalSettings retrieval = new RetrievalSettings(request.tier(), request.rangeSize(), 3, 5,
                request.spoolDir());
        VaultMigration migration = new VaultMigration(state, intake, new InventoryRetrieval(source, retry, waiter, state),
                new ArchiveCopier(source, retry, waiter, intake, state, budget, retrieval, counters),
                new SettingsCopier(source, retry, intake), counters, request.concurrency());
        out.println("migrate: state in " + request.stateFile().toAbsolutePath());
        int exit;
        try (ProgressDisplay progress = new ProgressDisplay(counters, out, terminal, request.timings().progressEvery())) {
            exit = migrateEach(migration, account, vaults);
        }
        List<VaultRow> rows = state.vaults().stream().filter(v -> vaults.contains(v.sourceVault())).toList();
        ReconciliationReport.print(state, rows, out);
        ReconciliationReport.write(state, rows, request.reportFile());
        out.println("migrate: report written to " + request.reportFile().toAbsolutePath());
        if (exit != COMPLETE) {
            return exit;
        }
        return ReconciliationReport.complete(state, rows) ? COMPLETE : INCOMPLETE;
    }

    private int migrateEach(VaultMigration migration, String account, List<String> vaults) {
        int exit = COMPLETE;
        for (String vault : vaults) {
            String destination = request.toVault() != null ? request.toVault() : vault;
            try {
                migration.run(account, vault, destination);
            } catch (DestinationRefusing e) {
                err.println("permafrost migrate: STOPPED: " + e.getMessage() + "; run migrate again to continue");
                return DESTINATION_REFUSED;
            } catch (SourceUnavailable e) {
                err.println("permafrost migrate: vault " + vault + ": " + e.getMessage());
                exit = INCOMPLETE;
            }
        }
        return exit;
    }

    /** The vaults to migrate, each confirmed to exist: also the check that the source accepts the credentials. */
    private List<String> sourceVaults(GlacierClient source, TransientRetry retry) {
        if (request.allVaults()) {
            return retry.call("ListVaults", () -> source.listVaultsPaginator(b -> b.accountId("-")).vaultList().stream()
                    .map(DescribeVaultOutput::vaultName).toList());
        }
        retry.call("DescribeVault " + request.vault(), () -> source.describeVault(b -> b.accountId("-")
                .vaultName(request.vault())));
        return List.of(request.vault());
    }

    private String refusal(RuntimeException e) {
        if (Failures.notFound(e)) {
            return "the source " + where() + " has no vault " + request.vault();
        }
        if (Failures.noCredentials(e)) {
            return "no credentials for the source " + where() + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                    + "or use --from-profile";
        }
        if (Failures.credentialsRejected(e)) {
            return "the source " + where() + " refused the credentials (" + Failures.describe(e) + "): check "
                    + (request.source().profile() != null ? "profile " + request.source().profile()
                    : "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or use --from-profile)");
        }
        return "the source " + where() + " refused: " + Failures.describe(e);
    }

    private String where() {
        return request.source().endpoint() != null ? request.source().endpoint().toString()
                : "AWS Glacier in " + request.source().region();
    }
}
