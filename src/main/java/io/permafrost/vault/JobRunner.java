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
import io.permafrost.store.LeaseStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
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
 * <p>It polls the store on a short period and claims due jobs with a lease ({@link JobStore#claim}),
 * so with several nodes on one store each job is worked on by one node at a time; the lease is
 * renewed while the work runs, and a job whose node died is claimed by another once the lease runs
 * out. Completion is a compare-and-set in one transaction that also queues the job's notification
 * (delivered by {@link NotificationDelivery}), so a job finished twice after a lost lease is completed
 * once. Due times and leases are read from one clock, the injected one (the store's in production).
 * Work runs on a small pool so a long inventory does not hold up retrievals. In the scheduled
 * inventory mode it also snapshots each vault every interval, under a lease per vault.
 */
public final class JobRunner implements AutoCloseable {
    static final String ARCHIVE_GONE = "The archive was deleted.";
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final long POLL_MILLIS = 100;
    private static final int BATCH = 32;
    private static final int WORKERS = 2;
    private static final long SNAPSHOT_POLL_MILLIS = 250;
    /** Long enough that renewing every third of it survives a stalled disk or a database failover. */
    static final Duration LEASE = Duration.ofSeconds(30);
    private static final long RENEW_MILLIS = LEASE.toMillis() / 3;

    private final JobStore jobs;
    private final MetadataStore store;
    private final InventoryGenerator inventories;
    private final JobOutputStreamer streamer;
    private final BlobCollector collector;
    private final LeaseStore leases;
    private final NodeId node;
    private final Clock clock;
    private final JobSettings settings;
    private final String region;
    /** The job ids and snapshot lease names this node holds: renewed while held, never claimed twice here. */
    private final Set<String> heldJobs = ConcurrentHashMap.newKeySet();
    private final Set<String> heldSnapshots = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(named("job-poller"));
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, named("job-worker"));
    /** Null in the per-job inventory mode. */
    private final InventorySnapshots snapshots;

    /** A runner in the given inventory mode; {@code snapshotStore} is needed only when it is scheduled. */
    public JobRunner(MetadataStore store, BlobStore blobs, BlobCollector collector, LeaseStore leases, NodeId node,
                     Clock clock, JobSettings settings, String region, InventorySnapshotStore snapshotStore,
                     InventorySettings inventory) {
        this.store = store;
        this.jobs = store.jobs();
        this.inventories = new InventoryGenerator(store.archives(), blobs);
        this.streamer = new JobOutputStreamer(blobs);
        this.collector = collector;
        this.leases = leases;
        this.node = node;
        this.clock = clock;
        this.settings = settings;
        this.region = region;
        this.snapshots = inventory.isScheduled() ? new InventorySnapshots(snapshotStore, store.archives(), blobs,
                inventories, collector, clock, inventory.interval()) : null;
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::renewLeases, RENEW_MILLIS, RENEW_MILLIS, TimeUnit.MILLISECONDS);
        if (snapshots != null) {
            poller.scheduleWithFixedDelay(this::snapshotDueVaults, 0, SNAPSHOT_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Scheduled mode: hands each vault whose snapshot is an interval old to a worker, under the vault's lease. */
    private void snapshotDueVaults() {
        try {
            for (DueVault vault : snapshots.due(BATCH)) {
                String task = "inventory-snapshot:" + vault.vaultId();
                Instant now = clock.instant();
                if (heldSnapshots.contains(task) || !leases.tryAcquire(task, node.value(), now, now.plus(LEASE))) {
                    continue;
                }
                heldSnapshots.add(task);
                try {
                    workers.execute(() -> snapshot(vault, task));
                } catch (RejectedExecutionException e) {
                    letGoOfSnapshot(task);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("inventory snapshot pass failed: {}", e.getMessage());
        }
    }

    private void snapshot(DueVault vault, String task) {
        try {
            snapshots.take(vault.vaultId(), new VaultArn(region, vault.accountId(), vault.vaultName()).arn());
        } catch (IOException | RuntimeException e) {
            // Still due: the next pass (here or on another node) tries again.
            LOG.warn("inventory snapshot of vault {} failed: {}", vault.vaultName(), e.getMessage());
        } finally {
            letGoOfSnapshot(task);
        }
    }

    private void letGoOfSnapshot(String task) {
        heldSnapshots.remove(task);
        try {
            leases.release(task, node.value());
        } catch (RuntimeException e) {
            LOG.warn("could not release lease {} (it runs out by itself): {}", task, e.getMessage());
        }
    }

    private void poll() {
        try {
            Instant now = clock.instant();
            int room = BATCH - heldJobs.size();
            if (room > 0) {
                for (JobRecord job : jobs.claim(node.value(), now, now.plus(LEASE), room)) {
                    // Our own lease ran out under a slow worker (or a moved test clock): the claim renewed it.
                    if (heldJobs.add(job.jobId())) {
                        try {
                            workers.execute(() -> work(job));
                        } catch (RejectedExecutionException e) {
                            heldJobs.remove(job.jobId());
                            return;
                        }
                    }
                }
            }
            expire(now);
        } catch (RuntimeException e) {
            LOG.warn("job runner pass failed: {}", e.getMessage());
        }
    }

    /** Keeps the leases of the jobs and snapshots in hand; one that was lost is finished anyway (completion is a CAS). */
    private void renewLeases() {
        try {
            Instant until = clock.instant().plus(LEASE);
            for (String jobId : heldJobs) {
                if (!jobs.renewClaim(jobId, node.value(), until)) {
                    LOG.debug("lease on job {} lost or job done", jobId);
                }
            }
            for (String task : heldSnapshots) {
                leases.renew(task, node.value(), until);
            }
        } catch (RuntimeException e) {
            LOG.warn("lease renewal failed: {}", e.getMessage());
        }
    }

    private void work(JobRecord job) {
        boolean failed = false;
        try {
            if (job.action() == Action.ARCHIVE_RETRIEVAL) {
                finishRetrieval(job);
            } else {
                finishInventory(job);
            }
        } catch (StoreFailed e) {
            // Left InProgress and kept leased: tried again when the lease runs out (here or on another node),
            // so a store that is down is not asked again every pass.
            LOG.warn("job {} could not be finished yet, tried again in {}: {}", job.jobId(), LEASE, e.getMessage());
        } catch (RuntimeException e) {
            // Left InProgress and given back: the next pass (or another node) tries again.
            failed = true;
            LOG.warn("job {} could not be finished yet: {}", job.jobId(), e.getMessage());
        } finally {
            heldJobs.remove(job.jobId());
        }
        if (failed) {
            try {
                jobs.releaseClaim(job.jobId(), node.value());
            } catch (RuntimeException e) {
                LOG.warn("could not give job {} back (its lease runs out by itself): {}", job.jobId(), e.getMessage());
            }
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
                } catch (DamagedAtRest e) {
                    if (store.archives().find(job.vaultId(), retrieval.archiveId()).isPresent()) {
                        LOG.error("job {}: archive {} could not be read: {}", job.jobId(), retrieval.archiveId(),
                                e.getMessage());
                        jobs.fail(job.jobId(), clock.instant(), "The archive could not be read.");
                        return;
                    }
                    // Deleted while we read it: the completion below records that.
                } catch (IOException e) {
                    if (store.archives().find(job.vaultId(), retrieval.archiveId()).isPresent()) {
                        throw new StoreFailed(e); // slow or unreachable, not damaged: worth another try
                    }
                    // Deleted while we read it: the completion below records that.
                }
            }
        }
        // NOT_IN_PROGRESS: another node (which held the lease after ours ran out) completed it first.
        jobs.completeArchiveRetrieval(job.jobId(), clock.instant(), rangeTreeHash, ARCHIVE_GONE);
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
            if (!(e instanceof DamagedAtRest)) {
                throw new StoreFailed(e); // the store failed to take the output (or give the snapshot): try again
            }
            LOG.error("job {}: inventory could not be generated: {}", job.jobId(), e.getMessage());
            jobs.fail(job.jobId(), clock.instant(), "The inventory could not be generated.");
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
        if (!completed) {
            // The job vanished meanwhile (vault deleted) or another node completed it: nothing refers to the new blob.
            collector.release(List.of(generated.output().blobId()));
        }
    }

    /**
     * On every node, without a lease: expiry is a conditional delete, so two nodes expiring at once
     * delete each job once and at worst both queue its released blobs (queueing is idempotent). A
     * lease would cost two writes per pass on every idle node.
     */
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
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            poller.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The object store failed under a job (timed out, unreachable, refused): unlike damaged bytes this may
     * pass, so the job is not failed for it.
     */
    private static final class StoreFailed extends RuntimeException {
        StoreFailed(IOException cause) {
            super(cause.getMessage(), cause);
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
