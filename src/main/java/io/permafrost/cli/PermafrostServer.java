package io.permafrost.cli;

import io.permafrost.auth.Credential;
import io.permafrost.auth.InMemoryCredentialStore;
import io.permafrost.auth.SigV4Verifier;
import io.permafrost.clock.SharedWallTime;
import io.permafrost.clock.SystemTimeSource;
import io.permafrost.clock.TimeSource;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.http.AccountRoutes;
import io.permafrost.http.ArchiveRoutes;
import io.permafrost.http.HandlerRegistry;
import io.permafrost.http.HttpServer;
import io.permafrost.http.JobRoutes;
import io.permafrost.http.MultipartRoutes;
import io.permafrost.http.NotificationRoutes;
import io.permafrost.http.PolicyRoutes;
import io.permafrost.http.QueryServices;
import io.permafrost.sns.TopicFanOut;
import io.permafrost.sns.TopicService;
import io.permafrost.sqs.QueueService;
import io.permafrost.http.TagRoutes;
import io.permafrost.http.VaultRoutes;
import io.permafrost.intake.IntakeServices;
import io.permafrost.intake.OperatorActions;
import io.permafrost.intake.OperatorChannel;
import io.permafrost.vault.ArchiveImport;
import io.permafrost.http.console.ConsoleHandler;
import io.permafrost.http.console.ConsoleServices;
import io.permafrost.store.BlobStore;
import io.permafrost.notify.HttpNotificationSender;
import io.permafrost.store.Coordination;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.NodeId;
import io.permafrost.store.AccountStore;
import io.permafrost.store.StorageBackend;
import io.permafrost.vault.AccessGate;
import io.permafrost.vault.AccessPolicyService;
import io.permafrost.vault.AccessSimulator;
import io.permafrost.vault.ArchiveService;
import io.permafrost.vault.BlobCollector;
import io.permafrost.vault.PacedBlobDeletion;
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
import io.permafrost.vault.ObjectLockRetention;
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
 * it in-process with their own time source; {@code serve} starts it with the machine's clocks. Domain
 * services get the compliance clock; only what must agree with the client's clock (SigV4 skew,
 * notification timestamps) gets the system clock.
 */
public final class PermafrostServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PermafrostServer.class);
    /** Far longer than a maintenance pass takes; a node that dies mid-pass holds the task this long. */
    private static final Duration MAINTENANCE_LEASE = Duration.ofMinutes(5);
    /** How soon a long poll on one node hears of a message sent through another (it cannot be woken). */
    private static final Duration CROSS_NODE_LONG_POLL_RECHECK = Duration.ofMillis(500);

    private final StorageBackend storage;
    private final HttpServer http;
    private final ScheduledExecutorService maintenance;
    private final AutoCloseable notifications;
    private final JobRunner jobRunner;
    private final Runnable maintenanceTasks;
    private final ComplianceTime complianceTime;
    private final Observability observability;
    /** The embedded server's operator intake ({@code DATA/operator.sock}); null on a cluster node. */
    private final OperatorChannel operatorChannel;
    private final AuditSetup audit;
    private final PacedBlobDeletion blobDeletion;

    private PermafrostServer(StorageBackend storage, HttpServer http, ScheduledExecutorService maintenance,
                             Runnable maintenanceTasks, AutoCloseable notifications, JobRunner jobRunner,
                             ComplianceTime complianceTime, Observability observability,
                             OperatorChannel operatorChannel, AuditSetup audit, PacedBlobDeletion blobDeletion) {
        this.operatorChannel = operatorChannel;
        this.blobDeletion = blobDeletion;
        this.audit = audit;
        this.complianceTime = complianceTime;
        this.observability = observability;
        this.jobRunner = jobRunner;
        this.maintenanceTasks = maintenanceTasks;
        this.storage = storage;
        this.http = http;
        this.maintenance = maintenance;
        this.notifications = notifications;
    }

    public static PermafrostServer start(ServerConfig config, TimeSource time) throws Exception {
        boolean dataExisted = config.cluster() == null
                && java.nio.file.Files.exists(config.dataDir().resolve("metadata.db"));
        StorageBackend storage = ConfiguredStorage.openForServing(config);
        ComplianceTime complianceTime = null;
        try {
            TimeSource compliance = sharedWallTime(storage, time);
            complianceTime = storage.complianceClockRow().isPresent()
                    ? ComplianceTime.openShared(storage.complianceClockRow().get(), compliance)
                    : ComplianceTime.open(config.dataDir(), compliance, dataExisted);
            return wire(config, complianceTime, time.systemClock(), storage);
        } catch (Exception | Error e) {
            if (complianceTime != null) {
                complianceTime.keeper().stop();
            }
            storage.close();
            throw e;
        }
    }

    /**
     * On the real clock, a cluster node's compliance clock compares itself with the cluster's one time
     * source (the database's clock: B14), not with this node's system clock; tests keep their own clock.
     */
    static TimeSource sharedWallTime(StorageBackend storage, TimeSource time) {
        if (time != SystemTimeSource.INSTANCE) {
            return time;
        }
        Clock system = Clock.systemUTC();
        Clock shared = storage.timeSource(system);
        return shared == system ? time : new SharedWallTime(shared, time);
    }

    private static PermafrostServer wire(ServerConfig config, ComplianceTime complianceTime, Clock systemClock,
                                         StorageBackend storage) throws Exception {
        Clock clock = complianceTime.clock();
        // With metrics on, the services get the stores timed (store latencies on /metrics).
        TimedStores timedStores = config.operations().adminPort() == null ? null : new TimedStores();
        MetadataStore metadata = timedStores == null ? storage.metadata() : timedStores.metadata(storage.metadata());
        BlobStore blobs = timedStores == null ? storage.blobs() : timedStores.blobs(storage.blobs());
        ServiceSettings settings = new ServiceSettings(config.region(), config.maxVaultsPerAccount(), 50,
                config.lockExpiry(), java.time.Duration.ofHours(24), java.time.Duration.ofHours(24));
        IdGenerator ids = new IdGenerator();
        AccessGate gate = new AccessGate(metadata.vaults(), clock, settings);
        NodeId node = NodeId.random();
        LOG.info("node id {} (holds this process's job claims and leases)", node);
        Coordination coordination = storage.coordination();
        // Released blobs go on a paced thread of their own: a DeleteArchive of 10,000 parts returns after its commit.
        PacedBlobDeletion blobDeletion = new PacedBlobDeletion(blobs, config.blobDeletionPace());
        BlobCollector collector = new BlobCollector(blobs, coordination.deletions(), clock,
                config.effectiveBlobDeletionGrace(), blobDeletion);
        ExclusiveTasks exclusive = new ExclusiveTasks(coordination.leases(), node, clock, MAINTENANCE_LEASE);
        VaultService vaults = new VaultService(metadata, gate, collector, clock, settings);
        ArchiveService archives = new ArchiveService(metadata, blobs, gate, collector, ids, clock);
        MultipartService uploads = new MultipartService(metadata, blobs, gate, collector, ids, clock, settings);
        ObjectLockRetention retention = new ObjectLockRetention(metadata, blobs, gate);
        VaultLockService locks = new VaultLockService(metadata, gate, retention, ids, clock, settings);
        AccountStore accounts = metadata.accounts();
        // InitiateJob asks retrievalLimits (RetrievalAdmission); a job's completion queues its notification
        // in the outbox, which notificationDelivery sends through jobNotifier.
        RetrievalLimits retrievalLimits = new RetrievalLimits(accounts, clock, config.retrieval());
        HttpNotificationSender notificationSender = new HttpNotificationSender(config.notifications());
        // Topics and queues of this server (the SNS/SQS subset), kept where the metadata is, so in a cluster
        // every node serves the same ones: a job's topic that is one of them fans out to its subscriptions; any
        // other goes to the configured HTTP endpoints. Message times and visibility timeouts are wall-clock
        // matters, like the HTTP delivery: the system clock, not the compliance clock.
        QueueService queues = new QueueService(storage.queues(), systemClock, config.region(),
                storage.sharedByNodes() ? CROSS_NODE_LONG_POLL_RECHECK : Duration.ZERO);
        TopicService topics = new TopicService(storage.topics(), systemClock, config.region());
        TopicFanOut fanOut = new TopicFanOut(topics, queues::deliver, notificationSender::publish,
                notificationSender::publish);
        JobNotifier jobNotifier = new JobNotifier(metadata.vaults(), fanOut::publish);
        // Every job's completion is in the outbox (written with the completion); this sends it, on any node.
        NotificationDelivery notifications = new NotificationDelivery(coordination.outbox(), metadata.jobs(),
                jobNotifier, config.notifications().maxAttempts(), config.notifications()::backoffAfter, clock, node,
                config.region());
        // Stopped with the notifications, after the last request and before the storage closes.
        AutoCloseable backgroundWork = () -> {
            notifications.close();
            queues.close();
            blobDeletion.close();
        };

        HandlerRegistry registry = new HandlerRegistry();
        new VaultRoutes(vaults, config.region()).register(registry);
        new ArchiveRoutes(archives).register(registry);
        new MultipartRoutes(uploads, config.region()).register(registry);
        AccessPolicyService accessPolicies = new AccessPolicyService(metadata, gate, clock);
        new PolicyRoutes(accessPolicies, locks).register(registry);
        TagService tags = new TagService(metadata, gate, settings);
        new TagRoutes(tags).register(registry);
        JobService jobs = new JobService(metadata, blobs, gate, archives, retrievalLimits, ids, clock, config.jobs());
        new JobRoutes(jobs).register(registry);
        JobRunner jobRunner = new JobRunner(metadata, blobs, collector, coordination.leases(), node, clock,
                config.jobs(), config.region(), metadata.inventorySnapshots(), config.inventory());
        NotificationService notificationService = new NotificationService(metadata, gate);
        new NotificationRoutes(notificationService).register(registry);
        new AccountRoutes(new DataRetrievalPolicyService(accounts, gate, config.region()),
                new ProvisionedCapacityService(accounts, gate, ids, clock, config.region(), config.retrieval()))
                .register(registry);

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
        });
        AuditSetup audit;
        try {
            audit = AuditSetup.start(config.audit(), metadata.audit(), config.dataDir(), config.cluster() != null, clock,
                    maintenance);
        } catch (RuntimeException e) {
            maintenance.shutdownNow();
            backgroundWork.close();
            throw e;
        }
        InMemoryCredentialStore credentials = new InMemoryCredentialStore(config.credentials());
        SigV4Verifier verifier = new SigV4Verifier(credentials, config.region(), systemClock, config.clockSkew());
        Observability observability = Observability.open(config.operations(), complianceTime.clock(),
                new ServerReadiness(metadata, blobs, complianceTime), timedStores, metadata.jobs(), audit,
                config.dataDir());
        HttpServer http = new HttpServer(config.host(), config.port(), config.requestIdleTimeout(),
                config.httpThreads(), config.tls(), registry, verifier, ids, audit.trail(),
                new QueryServices(topics, queues),
                observability.listeners());
        // Console sessions are kept with the metadata (any node answers any session) and end by the compliance
        // clock (the database's in a cluster), as other expiries do, so every node ends a session alike.
        http.mountConsole(new ConsoleHandler(new ConsoleServices(vaults, archives, uploads, locks, accessPolicies,
                tags, notificationService, jobs, new AccessSimulator(gate, archives),
                config.credentials().stream().map(Credential::caller).distinct().toList(), config.region()),
                credentials, storage.consoleSessions(), clock, audit.trail()));

        // Each under its own lease: with several nodes one runs a pass while the others skip it.
        Runnable expireLocks = exclusively(exclusive, "lock expiry", locks::expireLocks);
        Runnable expireUploads = exclusively(exclusive, "upload expiry", uploads::expireUploads);
        Runnable pruneLedger = exclusively(exclusive, "retrieval ledger pruning", retrievalLimits::pruneLedger);
        Runnable collectBlobs = exclusively(exclusive, "blob collection", () -> collector.collectDue(node));
        // Objects a killed node wrote but never committed; hourly, since it lists the whole bucket.
        Runnable collectOrphans = storage.orphanCollection(clock)
                .map(task -> exclusively(exclusive, "orphan collection", task)).orElse(() -> { });
        // Finishes Object Lock retention that a crash cut off mid-CompleteVaultLock (no-op without one).
        maintenance.execute(retention::catchUp);
        maintenance.scheduleWithFixedDelay(expireLocks, 1, 60, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(expireUploads, 1, 600, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(pruneLedger, 60, 3600, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(collectBlobs, 5, 60, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(collectOrphans, 600, 3600, TimeUnit.SECONDS);
        // Operator commands beside this server (import, migrate) come in here; a cluster's commands open the
        // shared storage themselves. The server's own services, so its clock and lock rules apply.
        IntakeServices intake = new IntakeServices(metadata, vaults, new ArchiveImport(metadata, blobs, retention,
                collector, clock), accessPolicies, tags, notificationService, locks, OperatorActions.LOG,
                StandaloneIntake.defaultAccount(config.accounts()), audit.trail(), config.region());
        Runnable allMaintenance = () -> {
            expireLocks.run();
            expireUploads.run();
            pruneLedger.run();
            collectBlobs.run();
            collectOrphans.run();
        };
        OperatorChannel operatorChannel = null;
        try {
            http.start();
            if (storage instanceof io.permafrost.store.embedded.EmbeddedBackend embedded) {
                embedded.beginStartUpSweep();
            }
            jobRunner.start();
            observability.start();
            notifications.start();
            if (config.cluster() == null) {
                operatorChannel = openOperatorChannel(config, intake);
            }
        } catch (Exception e) {
            jobRunner.close();
            maintenance.shutdownNow();
            backgroundWork.close();
            http.close();
            observability.close();
            audit.close();
            throw e;
        }
        return new PermafrostServer(storage, http, maintenance, allMaintenance, backgroundWork, jobRunner,
                complianceTime, observability, operatorChannel, audit, blobDeletion);
    }

    /**
     * Null when the socket cannot be bound (a data directory path longer than a Unix socket path may
     * be, about 100 bytes, or a file system without sockets): the server still serves, and an import
     * then waits for it to stop, as the data directory's lock tells it.
     */
    private static OperatorChannel openOperatorChannel(ServerConfig config, IntakeServices intake) {
        try {
            return OperatorChannel.open(config.dataDir(), intake);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("no operator channel in {} ({}): permafrost import needs this server stopped",
                    config.dataDir().toAbsolutePath(), e.getMessage());
            return null;
        }
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
     * of released blobs whose grace is over, and in a cluster on S3 the orphan collection) on the
     * maintenance thread, so never beside a scheduled run, and waits for it: tests move the clock, then
     * call this instead of waiting for the schedule.
     */
    /** Runs every periodic maintenance task now, after the start-up sweep if it still runs (it is maintenance too). */
    public void runMaintenanceNow() throws Exception {
        awaitStartUpSweep();
        maintenance.submit(maintenanceTasks).get();
    }

    /**
     * Waits until the background part of the embedded backend's start-up sweep has finished (requests
     * are answered meanwhile); returns at once on a backend without one.
     */
    public void awaitStartUpSweep() throws InterruptedException {
        if (storage instanceof io.permafrost.store.embedded.EmbeddedBackend embedded) {
            embedded.awaitStartUpSweep();
        }
    }

    /** Waits until the blobs released so far have been deleted in the background (tests). */
    public void awaitBlobDeletions() throws InterruptedException {
        blobDeletion.awaitIdle();
    }

    public int port() {
        return http.port();
    }

    /** Signs the audit chain's unsigned tail now, as the next due checkpoint would (tests). */
    public void checkpointAuditNow() throws java.io.IOException {
        audit.checkpointNow();
    }

    /** The admin port actually bound ({@code /metrics}, {@code /health/*}); -1 when it is off. */
    public int adminPort() {
        return observability.adminPort();
    }

    public void join() throws InterruptedException {
        http.join();
    }

    @Override
    public void close() throws Exception {
        if (operatorChannel != null) {
            operatorChannel.close();
        }
        maintenance.shutdownNow();
        http.close();
        observability.close();
        jobRunner.close();
        notifications.close();
        // After the last request: the final checkpoint signs the whole chain.
        audit.close();
        // After everything that reads it has stopped, and before the data directory's lock is released.
        complianceTime.close();
        storage.close();
    }
}
