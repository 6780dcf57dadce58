package io.permafrost.migrate;

import io.permafrost.intake.ArchiveIntake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Migrates one vault: creates it on the destination, loads its inventory, copies every archive not yet committed
 * with {@code concurrency} workers (so at most that many retrieval jobs are in flight), then copies its settings.
 * Stops every worker when the destination refuses (full, unavailable) or something unexpected fails.
 */
final class VaultMigration {
    private final MigrationState state;
    private final ArchiveIntake intake;
    private final InventoryRetrieval inventory;
    private final ArchiveCopier copier;
    private final SettingsCopier settings;
    private final MigrationCounters counters;
    private final int concurrency;

    VaultMigration(MigrationState state, ArchiveIntake intake, InventoryRetrieval inventory, ArchiveCopier copier,
                   SettingsCopier settings, MigrationCounters counters, int concurrency) {
        this.state = state;
        this.intake = intake;
        this.inventory = inventory;
        this.copier = copier;
        this.settings = settings;
        this.counters = counters;
        this.concurrency = concurrency;
    }

    void run(String account, String sourceVault, String destinationVault) {
        VaultRow vault = state.vault(sourceVault, destinationVault);
        intake.ensureVault(account, vault.destinationVault());
        inventory.load(vault);
        vault = state.vault(sourceVault, destinationVault);
        MigrationState.Tally tally = state.tally(sourceVault);
        counters.archivesTotal.addAndGet(tally.archives());
        counters.bytesTotal.addAndGet(tally.bytes());
        counters.archivesDone.addAndGet(tally.committed());
        counters.bytesDone.addAndGet(tally.committedBytes());
        copyArchives(account, vault);
        if (!vault.settingsCopied()) {
            // After the archives: a re-created lock is InProgress for 24 hours, so it must still be there to review.
            state.settingsCopied(sourceVault, settings.copy(account, vault));
        }
    }

    private void copyArchives(String account, VaultRow vault) {
        WorkQueue queue = new WorkQueue(vault.sourceVault());
        AtomicReference<RuntimeException> stop = new AtomicReference<>();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "migrate-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            running.add(workers.submit(() -> {
                try {
                    for (Optional<ArchiveRow> row; stop.get() == null && (row = queue.next()).isPresent(); ) {
                        count(row.get(), copier.copy(vault, account, row.get()));
                    }
                } catch (MigrationInterrupted e) {
                    // Stopped while waiting: the archive stays as the state says, for the next run.
                } catch (RuntimeException e) {
                    if (stop.compareAndSet(null, e)) {
                        workers.shutdownNow();
                    }
                }
            }));
        }
        workers.shutdown();
        for (Future<?> worker : running) {
            try {
                worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
                throw new MigrationInterrupted();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                // Each task catches its own failures; a cancelled one never started.
            }
        }
        if (stop.get() != null) {
            throw stop.get();
        }
    }

    private void count(ArchiveRow row, ArchiveCopier.Outcome outcome) {
        if (outcome == ArchiveCopier.Outcome.FAILED) {
            counters.archivesFailed.incrementAndGet();
            return;
        }
        counters.archivesDone.incrementAndGet();
        counters.bytesDone.addAndGet(row.archive().size());
    }

    /** Hands each archive not yet committed to one worker, in inventory order, reading the state file as it goes. */
    private final class WorkQueue {
        private final String vault;
        private long lastRowId;

        WorkQueue(String vault) {
            this.vault = vault;
        }

        synchronized Optional<ArchiveRow> next() {
            Optional<ArchiveRow> row = state.nextToCopy(vault, lastRowId);
            row.ifPresent(r -> lastRowId = r.rowId());
            return row;
        }
    }
}
