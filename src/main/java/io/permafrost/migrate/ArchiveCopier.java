package io.permafrost.migrate;

import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.ImportedArchive;
import io.permafrost.intake.IntakeRefused;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Copies one archive: skips it when the destination already has it with the same tree hash (a crash between the
 * commit and the state update; another tree hash is a conflict, never replaced), reuses the retrieval job the
 * state names while the source still keeps its output, else starts one within the byte budget; waits for it; streams its output into the intake, which verifies size and tree hash
 * against the inventory before committing. A mismatch is downloaded again; what still fails is recorded with why.
 */
final class ArchiveCopier {
    /** Glacier keeps job output 24 hours; a job older than this is not worth trying to download. */
    static final Duration JOB_REUSABLE = Duration.ofHours(23);

    enum Outcome { COPIED, ALREADY_PRESENT, FAILED }

    private final GlacierClient source;
    private final TransientRetry retry;
    private final JobWaiter waiter;
    private final ArchiveIntake intake;
    private final MigrationState state;
    private final Optional<ByteBudget> budget;
    private final RetrievalSettings settings;
    private final MigrationCounters counters;

    ArchiveCopier(GlacierClient source, TransientRetry retry, JobWaiter waiter, ArchiveIntake intake,
                  MigrationState state, Optional<ByteBudget> budget, RetrievalSettings settings,
                  MigrationCounters counters) {
        this.source = source;
        this.retry = retry;
        this.waiter = waiter;
        this.intake = intake;
        this.state = state;
        this.budget = budget;
        this.settings = settings;
        this.counters = counters;
    }

    Outcome copy(VaultRow vault, String account, ArchiveRow row) {
        String from = vault.sourceVault();
        InventoryEntry archive = row.archive();
        Optional<String> present = intake.storedTreeHash(account, vault.destinationVault(), archive.archiveId());
        if (present.isPresent()) {
            if (present.get().equals(archive.treeHash())) {
                state.committed(from, archive.archiveId(), true);
                return Outcome.ALREADY_PRESENT;
            }
            // Never replaced: the user decides which of the two is the archive.
            state.failed(from, archive.archiveId(), "CONFLICT: the destination holds this id with tree hash "
                    + present.get() + ", the source's inventory says " + archive.treeHash());
            return Outcome.FAILED;
        }
        String jobId = reusableJob(row);
        String lastReason = row.reason();
        for (int attempt = 1; attempt <= settings.attemptsPerArchive(); attempt++) {
            try {
                if (jobId == null) {
                    jobId = initiate(from, archive);
                }
                waiter.await(from, jobId);
                return importFrom(vault, account, archive, jobId);
            } catch (ArchiveGone e) {
                lastReason = e.getMessage() + (lastReason == null ? "" : "; its last job: " + lastReason);
                break;
            } catch (JobFailed e) {
                lastReason = e.getMessage();
                state.jobLost(from, archive.archiveId(), lastReason);
                jobId = null;
                if (attempt < settings.attemptsPerArchive()) {
                    // A job the source failed may fail again at once (its storage busy, damaged, recovering):
                    // the next one is started later, further apart each time.
                    retry.pause(attempt - 1);
                }
            } catch (Mismatch e) {
                // The same job's output is downloaded again: a flipped bit in transit is not the source's data.
                lastReason = e.getMessage();
            } catch (SourceUnavailable e) {
                lastReason = e.getMessage();
                break;
            }
        }
        state.failed(from, archive.archiveId(), lastReason);
        return Outcome.FAILED;
    }

    private String reusableJob(ArchiveRow row) {
        if (row.jobId() == null) {
            return null;
        }
        boolean fresh = Instant.ofEpochMilli(row.initiatedAtMillis()).isAfter(Instant.now().minus(JOB_REUSABLE));
        return fresh ? row.jobId() : null;
    }

    private String initiate(String vault, InventoryEntry archive) {
        budget.ifPresent(b -> b.acquire(archive.size()));
        String jobId;
        try {
            jobId = retry.call("InitiateJob archive-retrieval " + archive.archiveId(), () -> source.initiateJob(b -> b
                    .accountId("-").vaultName(vault).jobParameters(p -> p.type("archive-retrieval")
                            .archiveId(archive.archiveId()).tier(settings.tier())))).jobId();
        } catch (SourceUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            if (Failures.notFound(e)) {
                // The inventory is a snapshot (up to a day old on AWS): the archive was deleted since. Not a
                // reason to stop the other archives, and nothing a retry brings back.
                throw new ArchiveGone("the source no longer has this archive (deleted after the inventory was "
                        + "taken?): " + Failures.describe(e));
            }
            throw e;
        }
        state.initiated(vault, archive.archiveId(), jobId, System.currentTimeMillis());
        return jobId;
    }

    private Outcome importFrom(VaultRow vault, String account, InventoryEntry archive, String jobId) {
        Path spool = newSpool();
        RangedJobOutput output = new RangedJobOutput(source, retry, vault.sourceVault(), jobId, archive.size(),
                settings.rangeSize(), spool, settings.attemptsPerRange(), counters);
        try (output) {
            intake.importArchive(account, vault.destinationVault(), new ImportedArchive(archive.archiveId(),
                    archive.description(), Instant.parse(archive.creationDate()), archive.size(), archive.treeHash()),
                    output);
            state.committed(vault.sourceVault(), archive.archiveId(), false);
            return Outcome.COPIED;
        } catch (IntakeRefused refused) {
            throwIfSourceFailed(output);
            return refusedBy(vault, account, archive, refused);
        } catch (RuntimeException | IOException e) {
            throwIfSourceFailed(output);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /** The intake saw the stream fail: that was the source (retries spent), not the destination. */
    private static void throwIfSourceFailed(RangedJobOutput output) {
        if (output.sourceFailure() != null) {
            throw output.sourceFailure() instanceof SourceUnavailable unavailable ? unavailable
                    : new SourceUnavailable("GetJobOutput", output.sourceFailure());
        }
    }

    private Outcome refusedBy(VaultRow vault, String account, InventoryEntry archive, IntakeRefused refused) {
        return switch (refused.reason()) {
            case DUPLICATE_ID -> {
                // Committed by a run that died before it wrote so here, or by another migrator: present.
                state.committed(vault.sourceVault(), archive.archiveId(), true);
                yield Outcome.ALREADY_PRESENT;
            }
            case HASH_MISMATCH, SIZE_MISMATCH -> throw new Mismatch(refused.reason() + ": " + refused.getMessage());
            case STORE_FULL, UNAVAILABLE -> throw new DestinationRefusing("the destination refused archive "
                    + archive.archiveId() + " (" + refused.reason() + "): " + refused.getMessage(), refused);
            case NO_SUCH_VAULT, INVALID_ID, INVALID_RECORD, LOCK_EXISTS, DENIED -> {
                state.failed(vault.sourceVault(), archive.archiveId(), refused.reason() + ": " + refused.getMessage());
                yield Outcome.FAILED;
            }
        };
    }

    private Path newSpool() {
        try {
            Files.createDirectories(settings.spoolDir());
            return Files.createTempFile(settings.spoolDir(), "range", ".spool");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file in " + settings.spoolDir(), e);
        }
    }

    private static void deleteQuietly(Path spool) {
        try {
            Files.deleteIfExists(spool);
        } catch (IOException ignored) {
            // A leftover spool file holds no state; the next run's spool files are new ones.
        }
    }

    /** The source refuses to retrieve an archive its inventory listed: it is gone there. */
    private static final class ArchiveGone extends RuntimeException {
        ArchiveGone(String message) {
            super(message);
        }
    }

    /** The bytes that arrived are not the inventory's archive. */
    private static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }
}
