package io.permafrost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.clock.SystemTimeSource;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.intake.ArchiveIntake;
import io.permafrost.intake.IntakeRefused;
import io.permafrost.intake.IntakeServices;
import io.permafrost.intake.LocalArchiveIntake;
import io.permafrost.intake.OperatorActions;
import io.permafrost.intake.StorageTarget;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.cluster.ClusterBackend;
import io.permafrost.store.embedded.EmbeddedBackend;
import io.permafrost.vault.AccessGate;
import io.permafrost.vault.AccessPolicyService;
import io.permafrost.vault.ArchiveImport;
import io.permafrost.vault.BlobCollector;
import io.permafrost.vault.NotificationService;
import io.permafrost.vault.ObjectLockRetention;
import io.permafrost.vault.ServiceSettings;
import io.permafrost.vault.TagService;
import io.permafrost.vault.VaultLockService;
import io.permafrost.vault.VaultService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An operator command's own intake on storage no server holds (an embedded data directory with no server
 * running, or a cluster, whose nodes keep no state of their own): the storage opened as {@code serve} opens
 * it (identity pin, compliance clock, data directory lock) but no port, and the same domain services. The
 * region is the one the storage is pinned to, so lock and access policies name the same ARNs as there.
 */
public final class StandaloneIntake {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StandaloneIntake() {
    }

    /** Opens the target's storage for this process; IntakeRefused UNAVAILABLE when it cannot be had. */
    public static ArchiveIntake open(StorageTarget target, OperatorActions actions) {
        StorageBackend storage = null;
        ComplianceTime time = null;
        try {
            String region;
            if (target.isCluster()) {
                ClusterBackend cluster = ClusterBackend.open(target.cluster(), StorageBackend.Admission.NONE);
                storage = cluster;
                region = cluster.pinnedIdentity().map(StandaloneIntake::regionOf).orElse(ServerConfig.DEFAULT_REGION);
                time = ComplianceTime.openShared(cluster.complianceClockRow().orElseThrow(),
                        PermafrostServer.sharedWallTime(cluster, SystemTimeSource.INSTANCE));
            } else {
                Path data = target.dataDir();
                boolean existed = Files.exists(data.resolve("metadata.db"));
                Files.createDirectories(data);
                region = IdentityFile.read(data).map(DataDirIdentity::region).orElse(ServerConfig.DEFAULT_REGION);
                IdentityPin identity = IdentityPin.check(data, region);
                // Every owner of a vault here is one this command may write for: the owner check is serve's.
                storage = EmbeddedBackend.openForServing(data, vaults -> identity.requireOwnersAndPin(vaults,
                        vaults.all().stream().map(VaultRecord::accountId).collect(Collectors.toSet())));
                time = ComplianceTime.open(data, SystemTimeSource.INSTANCE, existed);
            }
            StorageBackend opened = storage;
            ComplianceTime started = time;
            return new LocalArchiveIntake(wire(storage, time.clock(), region, target, actions),
                    System.getProperty("user.name"), () -> closeQuietly(opened, started));
        } catch (Exception e) {
            closeQuietly(storage, time);
            throw new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, "cannot open " + target + ": " + e.getMessage());
        }
    }

    private static String regionOf(String identityJson) {
        try {
            return JSON.readValue(identityJson, DataDirIdentity.class).region();
        } catch (java.io.IOException e) {
            throw new StartupException("the cluster's identity pin is unreadable: " + e.getMessage());
        }
    }

    private static IntakeServices wire(StorageBackend storage, Clock clock, String region, StorageTarget target,
                                       OperatorActions actions) {
        ServerConfig defaults = ServerConfig.defaults(ServerConfig.DEFAULT_DATA, java.util.List.of());
        if (target.isCluster()) {
            defaults = defaults.withCluster(target.cluster());
        }
        ServiceSettings settings = new ServiceSettings(region, defaults.maxVaultsPerAccount(), 50, defaults.lockExpiry(),
                java.time.Duration.ofHours(24), java.time.Duration.ofHours(24));
        MetadataStore metadata = storage.metadata();
        BlobStore blobs = storage.blobs();
        AccessGate gate = new AccessGate(metadata.vaults(), clock, settings);
        BlobCollector collector = new BlobCollector(blobs, storage.coordination().deletions(), clock,
                defaults.effectiveBlobDeletionGrace());
        ObjectLockRetention retention = new ObjectLockRetention(metadata, blobs, gate);
        return new IntakeServices(metadata, new VaultService(metadata, gate, collector, clock, settings),
                new ArchiveImport(metadata, blobs, retention, collector, clock), new AccessPolicyService(metadata, gate, clock),
                new TagService(metadata, gate, settings), new NotificationService(metadata, gate),
                new VaultLockService(metadata, gate, retention, new IdGenerator(), clock, settings), actions,
                defaultAccount(Set.of()), auditTrailOf(metadata, clock), region);
    }

    /**
     * The storage's audit trail when it has ever had one on (the server's default): the operator's changes are
     * then recorded in their own transactions, and the next server start signs them in its checkpoints. A store
     * whose trail was never on stays without one (writing records would turn it on for good).
     */
    private static io.permafrost.audit.AuditTrail auditTrailOf(MetadataStore metadata, Clock clock) {
        return metadata.audit().read(io.permafrost.audit.AuditChain::everEnabled)
                ? new io.permafrost.audit.AuditTrail(metadata.audit(), clock) : null;
    }

    /** The account an operator command writes into when it names none (see {@link ArchiveIntake#defaultAccount}). */
    static String defaultAccount(Set<String> serverAccounts) {
        if (serverAccounts.size() == 1) {
            return serverAccounts.iterator().next();
        }
        return System.getenv().getOrDefault("PERMAFROST_ACCOUNT_ID", RootCredentials.DEFAULT_ACCOUNT);
    }

    private static void closeQuietly(StorageBackend storage, ComplianceTime time) {
        try {
            if (time != null) {
                time.close();
            }
        } catch (java.io.IOException ignored) {
            // Its last save failed: the clock resumes from the one before, a few seconds behind.
        }
        if (storage != null) {
            storage.close();
        }
    }
}
