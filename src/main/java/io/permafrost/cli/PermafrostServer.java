package io.permafrost.cli;

import io.permafrost.auth.InMemoryCredentialStore;
import io.permafrost.auth.SigV4Verifier;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.http.AccountRoutes;
import io.permafrost.http.ArchiveRoutes;
import io.permafrost.http.HandlerRegistry;
import io.permafrost.http.HttpServer;
import io.permafrost.http.JobRoutes;
import io.permafrost.http.MultipartRoutes;
import io.permafrost.http.NotificationRoutes;
import io.permafrost.http.PolicyRoutes;
import io.permafrost.http.TagRoutes;
import io.permafrost.http.VaultRoutes;
import io.permafrost.store.BlobStore;
import io.permafrost.notify.HttpNotificationSender;
import io.permafrost.store.Coordination;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.NodeId;
import io.permafrost.store.AccountStore;
import io.permafrost.store.StorageBackend;
import io.permafrost.vault.AccessGate;
import io.permafrost.vault.AccessPolicyService;
import io.permafrost.vault.ArchiveService;
import io.permafrost.vault.BlobCollector;
import io.permafrost.vault.ExclusiveTasks;
import io.permafrost.vault.NotificationDelivery;
import io.permafrost.vault.JobRunner;
import io.permafrost.vault.JobService;
import io.permafrost.vault.DataRetrievalPolicyService;
import io.permafrost.vault.JobNotifier;
import io.permafrost.vault.MultipartService;
import io.permafrost.vault.NotificationService;
import io.permafrost.vault.ProvisionedCapacityService;
import io.permafrost.vault.RetrievalLimits;
import io.permafrost.vault.ServiceSettings;
import io.permafrost.vault.TagService;
import io.permafrost.vault.VaultLockService;
import io.permafrost.vault.VaultService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole server wired by hand, in one place: stores, domain services, routes, HTTP. Tests start
 * it in-process with their own clock; {@code serve} starts it with the system clock.
 */
public final class PermafrostServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PermafrostServer.class);
    /** Far longer than a maintenance pass takes; a node that dies mid-pass holds the task this long. */
    private static final Duration MAINTENANCE_LEASE = Duration.ofMinutes(5);

    private final StorageBackend storage;
    private final HttpServer http;
    private final ScheduledExecutorService maintenance;
    private final AutoCloseable notifications;
    private final JobRunner jobRunner;
    private final Runnable maintenanceTasks;

    private PermafrostServer(StorageBackend storage, HttpServer http, ScheduledExecutorService maintenance,
                             Runnable maintenanceTasks, AutoCloseable notifications, JobRunner jobRunner) {
        this.jobRunner = jobRunner;
        this.maintenanceTasks = maintenanceTasks;
        this.storage = storage;
        this.http = http;
        this.maintenance = maintenance;
        this.notifications = notifications;
    }

    public static PermafrostServer start(ServerConfig config, Clock clock) throws Exception {
        StorageBackend storage = ConfiguredStorage.openForServing(config);
        try {
            return wire(config, clock, storage);
        } catch (Exception | Error e) {
            storage.close();
            throw e;
        }
    }

    private static PermafrostServer wire(ServerConfig config, Clock requestedClock, StorageBackend storage)
            throws Exception {
        // One time source for due times, expiries and leases: in a cluster, the database's (B14).
        Clock clock = storage.timeSource(requestedClock);
        MetadataStore metadata = storage.metadata();
        BlobStore blobs = storage.blobs();
        ServiceSettings settings = new ServiceSettings(config.region(), config.maxVaultsPerAccount(), 50,
                config.lockExpiry(), java.time.Duration.ofHours(24), java.time.Duration.ofHours(24));
        IdGenerator ids = new IdGenerator();
        AccessGate gate = new AccessGate(metadata.vaults(), clock, settings);
        NodeId node = NodeId.random();
        LOG.info("node id {} (holds this process's job claims and leases)", node);
        Coordination coordination = storage.coordination();
        BlobCollector collector = new BlobCollector(blobs, coordination.deletions(), clock, config.effectiveBlobDeletionGrace());
        ExclusiveTasks exclusive = new ExclusiveTasks(coordination.leases(), node, clock, MAINTENANCE_LEASE);
        VaultService vaults = new VaultService(metadata, gate, collector, clock, settings);
        ArchiveService archives = new ArchiveService(metadata, blobs, gate, collector, ids, clock);
        MultipartService uploads = new MultipartService(metadata, blobs, gate, collector, ids, clock, settings);
        VaultLockService locks = new VaultLockService(metadata, gate, ids, clock, settings);
        AccountStore accounts = metadata.accounts();
        // InitiateJob asks retrievalLimits (RetrievalAdmission); a job's completion queues its notification
        // in the outbox, which notificationDelivery sends through jobNotifier.
        RetrievalLimits retrievalLimits = new RetrievalLimits(accounts, clock, config.retrieval());
        HttpNotificationSender notificationSender = new HttpNotificationSender(config.notifications());
        JobNotifier jobNotifier = new JobNotifier(metadata.vaults(), notificationSender::publish);
        NotificationDelivery notifications = new NotificationDelivery(coordination.outbox(), metadata.jobs(),
                jobNotifier, config.notifications().maxAttempts(), config.notifications()::backoffAfter, clock, node,
                config.region());

        HandlerRegistry registry = new HandlerRegistry();
        new VaultRoutes(vaults, config.region()).register(registry);
        new ArchiveRoutes(archives).register(registry);
        new MultipartRoutes(uploads, config.region()).register(registry);
        new PolicyRoutes(new AccessPolicyService(metadata, gate), locks).register(registry);
        new TagRoutes(new TagService(metadata, gate, settings)).register(registry);
        new JobRoutes(new JobService(metadata, blobs, gate, archives, retrievalLimits, ids, clock,
                config.jobs())).register(registry);
        JobRunner jobRunner = new JobRunner(metadata, blobs, collector, coordination.leases(), node, clock,
                config.jobs(), config.region(), metadata.inventorySnapshots(), config.inventory());
        new NotificationRoutes(new NotificationService(metadata, gate)).register(registry);
        new AccountRoutes(new DataRetrievalPolicyService(accounts, gate, config.region()),
                new ProvisionedCapacityService(accounts, gate, ids, clock, config.region(), config.retrieval()))
                .register(registry);

        SigV4Verifier verifier = new SigV4Verifier(new InMemoryCredentialStore(config.credentials()), config.region(),
                clock, config.clockSkew());
        HttpServer http = new HttpServer(config.host(), config.port(), config.requestIdleTimeout(),
                config.httpThreads(), config.tls(), registry, verifier, ids);

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
        });
        // Each under its own lease: with several nodes one runs a pass while the others skip it.
        Runnable expireLocks = exclusively(exclusive, "lock expiry", locks::expireLocks);
        Runnable expireUploads = exclusively(exclusive, "upload expiry", uploads::expireUploads);
        Runnable pruneLedger = exclusively(exclusive, "retrieval ledger pruning", retrievalLimits::pruneLedger);
        Runnable collectBlobs = exclusively(exclusive, "blob collection", () -> collector.collectDue(node));
        maintenance.scheduleWithFixedDelay(expireLocks, 1, 60, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(expireUploads, 1, 600, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(pruneLedger, 60, 3600, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(collectBlobs, 5, 60, TimeUnit.SECONDS);
        Runnable allMaintenance = () -> {
            expireLocks.run();
            expireUploads.run();
            pruneLedger.run();
            collectBlobs.run();
        };
        try {
            http.start();
            jobRunner.start();
            notifications.start();
        } catch (Exception e) {
            jobRunner.close();
            maintenance.shutdownNow();
            notifications.close();
            throw e;
        }
        return new PermafrostServer(storage, http, maintenance, allMaintenance, notifications, jobRunner);
    }

    /** The task under the lease named {@code what}, failures logged (the next run tries again). */
    private static Runnable exclusively(ExclusiveTasks exclusive, String what, Runnable task) {
        return () -> {
            try {
                exclusive.runExclusively(what, task);
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", what, e.getMessage());
            }
        };
    }

    /**
     * Runs every periodic maintenance task now (lock expiry, idle-upload expiry, ledger pruning, collection
     * of released blobs whose grace is over) on the
     * maintenance thread, so never beside a scheduled run, and waits for it: tests move the clock, then
     * call this instead of waiting for the schedule.
     */
    public void runMaintenanceNow() throws Exception {
        maintenance.submit(maintenanceTasks).get();
    }

    public int port() {
        return http.port();
    }

    public void join() throws InterruptedException {
        http.join();
    }

    @Override
    public void close() throws Exception {
        maintenance.shutdownNow();
        http.close();
        jobRunner.close();
        notifications.close();
        storage.close();
    }
}
