package io.permafrost.cli;

import io.permafrost.audit.AuditChain;
import io.permafrost.audit.AuditDatabase;
import io.permafrost.audit.AuditHeadFile;
import io.permafrost.audit.AuditTrail;
import io.permafrost.audit.Checkpointer;
import io.permafrost.audit.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit trail as a server starts it: the signing key (created on first start, its public key
 * printed and exported), the key registered in the database, the checkpoints scheduled. Off only where
 * it never was on.
 */
final class AuditSetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditSetup.class);

    private final AuditTrail trail;
    private final Checkpointer checkpointer;

    private AuditSetup(AuditTrail trail, Checkpointer checkpointer) {
        this.trail = trail;
        this.checkpointer = checkpointer;
    }

    /** {@code dataDir}: where an embedded server keeps its key and head file; a cluster node keeps no head file. */
    static AuditSetup start(AuditSettings settings, AuditDatabase database, Path dataDir, boolean cluster, Clock clock,
                            ScheduledExecutorService scheduler) {
        if (!settings.enabled()) {
            if (database.read(AuditChain::everEnabled)) {
                throw new StartupException("the audit trail cannot be turned off here: this "
                        + (cluster ? "cluster's database" : "data directory") + " has had it on (docs/audit.md)");
            }
            LOG.warn("the audit trail is OFF (audit.enabled=false): state changes are not recorded; once turned on "
                    + "for this store it can never be turned off again");
            return new AuditSetup(null, null);
        }
        Path keyFile = settings.signingKeyIn(dataDir);
        SigningKey key;
        try {
            key = SigningKey.loadOrCreate(keyFile);
        } catch (UncheckedIOException e) {
            throw StartupException.io("audit signing key " + keyFile, e.getCause());
        }
        LOG.info("audit trail on; checkpoints are signed with Ed25519 key {} (public key in {}.pub):\n{}", key.keyId(),
                keyFile, key.publicKeyPem());
        Checkpointer checkpointer = new Checkpointer(database, key, clock, settings.checkpointEvery(),
                settings.checkpointInterval(), cluster ? null : dataDir.resolve(AuditHeadFile.NAME));
        checkpointer.registerKey();
        scheduler.scheduleWithFixedDelay(checkpointer::pass, 1, 1, TimeUnit.SECONDS);
        return new AuditSetup(new AuditTrail(database, clock), checkpointer);
    }

    /** Null when the trail is off. */
    AuditTrail trail() {
        return trail;
    }

    /** Null when the trail is off. */
    Checkpointer checkpointer() {
        return checkpointer;
    }

    /** Signs what is unsigned now (tests, and a clean shutdown, which leaves no unsigned tail). */
    void checkpointNow() throws IOException {
        if (checkpointer != null) {
            checkpointer.checkpointNow();
        }
    }

    @Override
    public void close() {
        try {
            checkpointNow();
        } catch (IOException | RuntimeException e) {
            LOG.warn("the final audit checkpoint failed (the unsigned tail stays chained): {}", e.toString());
        }
    }
}
