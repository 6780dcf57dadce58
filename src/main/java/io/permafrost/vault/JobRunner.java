package io.permafrost.vault;

import io.permafrost.glacier.VaultArn;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobStore;
import io.permafrost.store.InventorySnapshotStore;
import io.permafrost.store.InventorySnapshotStore.DueVault;
import io.permafrost.store.InventorySnapshotStore.Snapshot;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.ArchiveRetrieval;
import io.permafrost.store.JobStore;
import io.permafrost.store.JobStore.Completion;
import io.permafrost.store.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Moves jobs from InProgress to Succeeded or Failed in the background, and expires completed jobs.
 *
 * <p>It polls the store on a short period and compares due times with the injected clock, so a job
 * becomes due as soon as the clock passes its tier's delay (a test moving the clock is noticed within
 * one period) and, because all state is in the store, jobs left InProgress by a stop resume after a
 * restart. Work runs on a small pool so a long inventory does not hold up retrievals; completion
 * listeners are called on their own thread so a slow one never delays a job. In the scheduled
 * inventory mode it also snapshots each vault every interval, on the same clock and workers, and
 * renders inventory jobs from the latest snapshot.
 */
public final class JobRunner implements AutoCloseable {
    static final String ARCHIVE_GONE = "The archive was deleted.";
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final long POLL_MILLIS = 100;
    private static final int BATCH = 32;
    private static final int WORKERS = 2;
    private static final long SNAPSHOT_POLL_MILLIS = 250;

    private final JobStore jobs;
    private final MetadataStore store;
    private final InventoryGenerator inventories;
    private final JobOutputStreamer streamer;
    private final BlobCollector collector;
    private final JobCompletionListener listener;
    private final Clock clock;
    private final JobSettings settings;
    private final String region;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(named("job-poller"));
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, named("job-worker"));
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(named("job-notifier"));
    /** Null in the per-job inventory mode. */
    private final InventorySnapshots snapshots;

    /** A runner in the per-job inventory mode. */
    public JobRunner(MetadataStore store, BlobStore blobs, BlobCollector collector, JobCompletionListener listener,
                     Clock clock, JobSettings settings, String region) {
        this(store, blobs, collector, listener, clock, settings, region, null, InventorySettings.defaults());
    }

    /** A runner in the given inventory mode; {@code snapshotStore} is needed only when it is scheduled. */
    public JobRunner(MetadataStore store, BlobStore blobs, BlobCollector collector, JobCompletionListener listener,
                     Clock clock, JobSettings settings, String region, InventorySnapshotStore snapshotStore,
                     InventorySettings inventory) {
        this.store = store;
        this.jobs = store.jobs();
        this.inventories = new InventoryGenerator(store.archives(), blobs);
        this.streamer = new JobOutputStreamer(blobs);
        this.collector = collector;
        this.listener = listener;
        this.clock = clock;
        this.settings = settings;
        this.region = region;
        this.snapshots = inventory.isScheduled() ? new InventorySnapshots(snapshotStore, store.archives(), blobs,
                inventories, collector, clock, inventory.interval()) : null;
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (snapshots != null) {
            poller.scheduleWithFixedDelay(this::snapshotDueVaults, 0, SNAPSHOT_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Scheduled mode: hands each vault whose snapshot is an interval old to a worker (one at a time per vault). */
    private void snapshotDueVaults() {
        try {
            for (DueVault vault : snapshots.due(BATCH)) {
                String key = "snapshot:" + vault.vaultId();
                if (running.add(key)) {
                    try {
                        workers.execute(() -> snapshot(vault, key));
                    } catch (RejectedExecutionException e) {
                        running.remove(key);
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("inventory snapshot pass failed: {}", e.getMessage());
        }
    }

    private void snapshot(DueVault vault, String key) {
        try {
            snapshots.take(vault.vaultId(), new VaultArn(region, vault.accountId(), vault.vaultName()).arn());
        } catch (IOException | RuntimeException e) {
            // Still due: the next pass tries again.
            LOG.warn("inventory snapshot of vault {} failed: {}", vault.vaultName(), e.getMessage());
        } finally {
            running.remove(key);
        }
    }

    private void poll() {
        try {
            Instant now = clock.instant();
            for (JobRecord job : jobs.due(now, BATCH)) {
                if (running.add(job.jobId())) {
                    try {
                        workers.execute(() -> work(job));
                    } catch (RejectedExecutionException e) {
                        running.remove(job.jobId());
                        return;
                    }
                }
            }
            expire(now);
        } catch (RuntimeException e) {
            LOG.warn("job runner pass failed: {}", e.getMessage());
        }
    }

    private void work(JobRecord job) {
        try {
            if (job.action() == Action.ARCHIVE_RETRIEVAL) {
                finishRetrieval(job);
            } else {
                finishInventory(job);
            }
        } catch (RuntimeException e) {
            // Left InProgress: the next pass (or the next start) tries again.
            LOG.warn("job {} could not be finished yet: {}", job.jobId(), e.getMessage());
        } finally {
            running.remove(job.jobId());
        }
    }

    private void finishRetrieval(JobRecord job) {
        ArchiveRetrieval retrieval = job.archive();
        String rangeTreeHash = null;
        if (retrieval.rangeTreeHash() == null && JobRangeAlignment.isTreeHashAligned(retrieval.rangeStart(),
                retrieval.rangeEnd(), retrieval.archiveSize())) {
            Optional<ArchiveRecord> archive = store.archives().find(job.vaultId(), retrieval.archiveId());
            if (archive.isPresent()) {
                try {
                    String source = "archive " + retrieval.archiveId() + " (job " + job.jobId() + ")";
                    rangeTreeHash = streamer.treeHash(source, JobService.withOffsets(archive.get().segments()),
                            retrieval.rangeStart(), retrieval.rangeEnd(), retrieval.archiveSize());
                } catch (IOException e) {
                    if (store.archives().find(job.vaultId(), retrieval.archiveId()).isPresent()) {
                        LOG.error("job {}: archive {} could not be read: {}", job.jobId(), retrieval.archiveId(),
                                e.getMessage());
                        if (jobs.fail(job.jobId(), clock.instant(), "The archive could not be read.")) {
                            notifyCompletion(job);
                        }
                        return;
                    }
                    // Deleted while we read it: the completion below records that.
                }
            }
        }
        Completion completion = jobs.completeArchiveRetrieval(job.jobId(), clock.instant(), rangeTreeHash, ARCHIVE_GONE);
        if (completion != Completion.NOT_IN_PROGRESS) {
            notifyCompletion(job);
        }
    }

    private void finishInventory(JobRecord job) {
        Instant inventoryDate = clock.instant();
        InventorySource source = InventorySource.live(store.archives(), job.vaultId());
        Snapshot snapshot = null;
        InventoryGenerator.Generated generated;
        try {
            if (snapshots != null) {
                Optional<Snapshot> latest = snapshots.latestOrTake(job.vaultId(), vaultArn(job));
                if (latest.isEmpty()) {
                    return; // The vault is gone, and its jobs with it.
                }
                snapshot = latest.get();
                inventoryDate = snapshot.takenAt();
                source = snapshots.archivesOf(snapshot);
            }
            generated = inventories.generate(source, vaultArn(job), job.inventory(), inventoryDate);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (snapshot != null && snapshots.isReplaced(snapshot)) {
                return; // A newer snapshot replaced (and released) the one being read: the next pass uses it.
            }
            LOG.error("job {}: inventory could not be generated: {}", job.jobId(), e.getMessage());
            if (jobs.fail(job.jobId(), clock.instant(), "The inventory could not be generated.")) {
                notifyCompletion(job);
            }
            return;
        }
        boolean completed;
        try {
            completed = jobs.completeInventory(job.jobId(), clock.instant(), inventoryDate, generated.output(),
                    generated.nextMarker());
        } catch (RuntimeException e) {
            collector.release(List.of(generated.output().blobId()));
            throw e;
        }
        if (completed) {
            notifyCompletion(job);
        } else {
            // The job vanished meanwhile (vault deleted): nothing refers to the new blob.
            collector.release(List.of(generated.output().blobId()));
        }
    }

    private void notifyCompletion(JobRecord before) {
        Optional<JobRecord> done = jobs.find(before.vaultId(), before.jobId());
        if (done.isEmpty()) {
            return;
        }
        JobRecord job = done.get();
        String arn = vaultArn(job);
        try {
            notifier.execute(() -> {
                try {
                    listener.jobCompleted(job.vaultId(), arn, job.snsTopic(), JobDescription.completionEvent(job),
                            JobDescription.of(job, arn));
                } catch (RuntimeException e) {
                    LOG.warn("completion listener failed for job {}: {}", job.jobId(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("completion of job {} not announced: shutting down", job.jobId());
        }
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(settings.retention());
        JobStore.Expired expired;
        do {
            expired = jobs.expire(cutoff, BATCH);
            collector.release(expired.releasedBlobIds());
        } while (expired.jobs() == BATCH);
    }

    private String vaultArn(JobRecord job) {
        return new VaultArn(region, job.accountId(), job.vaultName()).arn();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        workers.shutdownNow();
        notifier.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            notifier.awaitTermination(2, TimeUnit.SECONDS);
            poller.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
