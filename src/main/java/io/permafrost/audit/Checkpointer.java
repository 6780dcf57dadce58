package io.permafrost.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Signs the chain's head every {@code every} records or {@code interval}, whichever comes first: a
 * checkpoint row, and (embedded) the {@link AuditHeadFile}. {@link #pass} is called often (every second)
 * and does nothing until one is due; it also keeps the checkpoint lag (records not yet signed) for
 * /metrics.
 */
public final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final AuditDatabase database;
    private final SigningKey key;
    private final Clock clock;
    private final int every;
    private final Duration interval;
    private final Path headFile;
    private volatile long lag;
    private Instant lastSigned;

    /** @param headFile where the newest checkpoint is also kept, or null (a cluster node keeps none) */
    public Checkpointer(AuditDatabase database, SigningKey key, Clock clock, int every, Duration interval, Path headFile) {
        this.database = database;
        this.key = key;
        this.clock = clock;
        this.every = every;
        this.interval = interval;
        this.headFile = headFile;
        this.lastSigned = clock.instant();
    }

    /** Makes the key known in the database (verifiers decide whether to trust it). */
    public void registerKey() {
        database.write(c -> {
            AuditChain.registerKey(c, key, clock.instant());
            return null;
        });
    }

    /** Signs the head when a checkpoint is due; failures are logged and tried again next pass. */
    public synchronized void pass() {
        try {
            long unsigned = unsigned();
            boolean due = unsigned >= every
                    || unsigned > 0 && !clock.instant().isBefore(lastSigned.plus(interval));
            if (due) {
                checkpointNow();
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("audit checkpoint failed (next pass tries again): {}", e.toString());
        }
    }

    /** Signs the head now unless the newest checkpoint already covers it; returns the new checkpoint. */
    public synchronized Optional<Checkpoint> checkpointNow() throws IOException {
        Optional<Checkpoint> made = database.write(c -> {
            Checkpoint.Head head = AuditChain.head(c);
            Optional<Checkpoint> last = AuditChain.lastCheckpoint(c);
            if (head.seq() == 0 || last.isPresent() && last.get().seq() >= head.seq()) {
                return Optional.<Checkpoint>empty();
            }
            Checkpoint checkpoint = Checkpoint.sign(head, clock.instant(), key);
            AuditChain.insertCheckpoint(c, checkpoint);
            return Optional.of(checkpoint);
        });
        lastSigned = clock.instant();
        if (made.isPresent() && headFile != null) {
            AuditHeadFile.write(headFile, made.get());
        }
        lag = unsigned();
        return made;
    }

    private long unsigned() {
        long value = database.read(c -> AuditChain.head(c).seq()
                - AuditChain.lastCheckpoint(c).map(Checkpoint::seq).orElse(0L));
        lag = Math.max(0, value);
        return lag;
    }

    /** Records after the newest checkpoint, as of the last pass (the checkpoint-lag gauge). */
    public long lag() {
        return lag;
    }
}
