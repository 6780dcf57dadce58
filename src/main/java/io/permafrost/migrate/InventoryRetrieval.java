package io.permafrost.migrate;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.ActionCode;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.GlacierJobDescription;
import software.amazon.awssdk.services.glacier.model.InventoryRetrievalJobDescription;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Gets a vault's inventory into the state file: the inventory job the state already names, else a recent
 * succeeded full JSON inventory job the source lists, else a new inventory-retrieval job; waits for it and
 * streams its output in. A Failed job is replaced by a new one, never taken as an (empty) inventory.
 */
final class InventoryRetrieval {
    /** Glacier keeps a job's output 24 hours; an older inventory job may be gone before its output is read. */
    private static final Duration REUSABLE = Duration.ofHours(20);
    private static final int ATTEMPTS = 5;

    private final GlacierClient source;
    private final TransientRetry retry;
    private final JobWaiter waiter;
    private final MigrationState state;

    InventoryRetrieval(GlacierClient source, TransientRetry retry, JobWaiter waiter, MigrationState state) {
        this.source = source;
        this.retry = retry;
        this.waiter = waiter;
        this.state = state;
    }

    /** Returns the number of archives the inventory listed (0 when the state already had it loaded). */
    long load(VaultRow vault) {
        if (vault.inventoryLoaded()) {
            return 0;
        }
        String name = vault.sourceVault();
        String jobId = vault.inventoryJobId() != null ? vault.inventoryJobId() : recentInventoryJob(name).orElse(null);
        for (int attempt = 1; ; attempt++) {
            if (jobId == null) {
                jobId = retry.call("InitiateJob inventory-retrieval " + name, () -> source.initiateJob(b -> b.accountId("-")
                        .vaultName(name).jobParameters(p -> p.type("inventory-retrieval").format("JSON")))).jobId();
            }
            state.inventoryJob(name, jobId);
            try {
                waiter.await(name, jobId);
                return download(name, jobId);
            } catch (JobFailed | InventoryUnreadable e) {
                if (attempt >= ATTEMPTS) {
                    throw new SourceUnavailable("inventory of " + name, e);
                }
                jobId = null;
            }
        }
    }

    private Optional<String> recentInventoryJob(String vault) {
        Instant newest = Instant.now().minus(REUSABLE);
        return retry.call("ListJobs " + vault, () -> source.listJobsPaginator(b -> b.accountId("-").vaultName(vault)
                        .statuscode("Succeeded").completed("true")).jobList().stream()
                .filter(job -> job.action() == ActionCode.INVENTORY_RETRIEVAL && wholeJsonInventory(job)
                        && job.completionDate() != null && Instant.parse(job.completionDate()).isAfter(newest))
                .max(Comparator.comparing(GlacierJobDescription::completionDate))
                .map(GlacierJobDescription::jobId));
    }

    /** Only an inventory of the whole vault will do: no date range, limit or marker. */
    private static boolean wholeJsonInventory(GlacierJobDescription job) {
        InventoryRetrievalJobDescription p = job.inventoryRetrievalParameters();
        return p == null || ("JSON".equalsIgnoreCase(p.format()) && p.startDate() == null && p.endDate() == null
                && p.limit() == null && p.marker() == null);
    }

    private long download(String vault, String jobId) {
        try (MigrationState.InventoryLoader loader = state.inventoryLoader(vault);
             ResponseInputStream<GetJobOutputResponse> body = retry.call("GetJobOutput inventory " + jobId,
                     () -> source.getJobOutput(b -> b.accountId("-").vaultName(vault).jobId(jobId)))) {
            long count = InventoryParser.parse(body, loader);
            loader.complete();
            return count;
        } catch (IOException e) {
            // A body cut short or not JSON: the archives read so far stay (loading again adds no duplicates).
            throw new InventoryUnreadable(jobId + ": " + e.getMessage());
        }
    }

    private static final class InventoryUnreadable extends RuntimeException {
        InventoryUnreadable(String message) {
            super(message);
        }
    }
}
