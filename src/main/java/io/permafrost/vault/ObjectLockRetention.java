package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.policy.ArchiveRetention;
import io.permafrost.policy.PolicyKind;
import io.permafrost.policy.PolicyParser;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.LockRecord;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.RetentionBacklog;
import io.permafrost.store.VaultRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Defense in depth behind a Locked vault policy: where the blob store can refuse deletes itself (S3
 * Object Lock), each blob of an archive of a Locked vault whose policy derives a retention of N days
 * ({@link ArchiveRetention}) is held until the archive's creation + N days, so not even the holder
 * of the store's keys can delete it early. New archives get it before their metadata commit; the
 * archives a vault already holds get it when its lock completes. Only a Locked lock counts: an
 * InProgress one can still be aborted, and retention could not be taken back.
 *
 * <p>Every step only ever extends a date, so repeating it is harmless: a CompleteVaultLock cut off
 * half-way is finished by its retry or by {@link #catchUp()} at the next start. Where the metadata keeps a
 * {@link RetentionBacklog}, a vault is noted there before its lock completes (and when a new archive's
 * retention failed) and the note goes once its extension ran to the end, so a start resumes only the
 * noted vaults: with nothing unfinished it reads no blob's retention at all.
 */
public final class ObjectLockRetention {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectLockRetention.class);
    /** Archives read per metadata scan while extending a vault's retention. */
    static final int BATCH = 1000;

    private final MetadataStore store;
    private final BlobStore blobs;
    private final AccessGate gate;

    public ObjectLockRetention(MetadataStore store, BlobStore blobs, AccessGate gate) {
        this.store = store;
        this.blobs = blobs;
        this.gate = gate;
    }

    /** The days the vault's Locked policy retains its archives; empty when unlocked, in progress, or not derivable. */
    private OptionalLong lockedDays(VaultRecord vault) {
        LockRecord lock = store.vaults().lock(vault.id()).orElse(null);
        if (lock == null || lock.state() != LockRecord.LockState.LOCKED) {
            return OptionalLong.empty();
        }
        String arn = gate.arn(vault.accountId(), vault.name()).arn();
        return ArchiveRetention.days(PolicyParser.parseStoredFailClosed(lock.policy(), PolicyKind.RESOURCE), arn);
    }

    /**
     * Retains the blobs of an archive about to be committed to {@code vault}; a failure fails the upload
     * (ServiceUnavailableException), before anything is visible. Returns whether the vault was Locked
     * with a retention (then nothing more is needed); see {@link #afterCommit}.
     */
    boolean beforeCommit(VaultRecord vault, Instant created, List<BlobSegment> segments) {
        if (!blobs.retainsBlobs()) {
            return true;
        }
        OptionalLong days = lockedDays(vault);
        if (days.isEmpty()) {
            return false;
        }
        try {
            retain(segments, created.plus(Duration.ofDays(days.getAsLong())));
        } catch (IOException e) {
            throw new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "Could not store the data: " + e.getMessage());
        }
        return true;
    }

    /**
     * For an archive committed while its vault was not (yet) Locked: a lock completed in between may
     * have scanned the vault before this archive was there, so it is looked at once more. The archive
     * is committed; a failure here is logged and left to {@link #catchUp()}.
     */
    void afterCommit(VaultRecord vault, Instant created, List<BlobSegment> segments, boolean retained) {
        if (retained) {
            return;
        }
        OptionalLong days = lockedDays(vault);
        if (days.isEmpty()) {
            return;
        }
        try {
            retain(segments, created.plus(Duration.ofDays(days.getAsLong())));
        } catch (IOException e) {
            LOG.warn("vault {}: retention of a new archive's blobs failed ({}); the next start retries it",
                    vault.name(), e.getMessage());
            try {
                backlog().ifPresent(b -> b.note(vault.id()));
            } catch (RuntimeException noted) {
                LOG.warn("vault {}: could not note the unfinished retention either ({}); run CompleteVaultLock "
                        + "again with its lock id to finish it", vault.name(), noted.getMessage());
            }
        }
    }

    /**
     * Before a lock of {@code vault} completes: notes that its extension is due, so that a node killed
     * between the completion and the end of the extension leaves the vault for the next start to finish.
     * A failure fails the completion (before the lock is Locked).
     */
    void expectExtension(VaultRecord vault) {
        if (blobs.retainsBlobs()) {
            backlog().ifPresent(b -> b.note(vault.id()));
        }
    }

    private Optional<RetentionBacklog> backlog() {
        return store.retentionBacklog();
    }

    /** Extends retention to every archive the vault holds, in batches; run once its lock is Locked. */
    void extendExisting(VaultRecord vault) throws IOException {
        if (!blobs.retainsBlobs()) {
            return;
        }
        Optional<Long> note = backlog().map(b -> b.note(vault.id()));
        OptionalLong days = lockedDays(vault);
        if (days.isEmpty()) {
            note.ifPresent(version -> backlog().orElseThrow().done(vault.id(), version));
            return;
        }
        Duration retention = Duration.ofDays(days.getAsLong());
        String after = null;
        long done = 0;
        while (true) {
            List<ArchiveRecord> batch = new ArrayList<>(BATCH);
            store.archives().scan(vault.id(), null, null, after, BATCH, batch::add);
            for (ArchiveRecord listed : batch) {
                // A scan lists archives without their segments; one look-up each, once per lock.
                List<BlobSegment> segments = store.archives().find(vault.id(), listed.archiveId())
                        .map(ArchiveRecord::segments).orElse(List.of());
                retain(segments, listed.creationDate().plus(retention));
            }
            done += batch.size();
            if (batch.size() < BATCH) {
                break;
            }
            after = store.archives().scanKey(batch.get(batch.size() - 1));
        }
        LOG.info("vault {}: blobs of {} archive(s) retained by the object store for {} day(s) from upload",
                vault.name(), done, days.getAsLong());
        // Only now: a failure above leaves the note for the next start (or a newer note stays as it is).
        note.ifPresent(version -> backlog().orElseThrow().done(vault.id(), version));
    }

    /**
     * At start: finishes extensions a crash cut off, idempotently: the noted vaults where a backlog is
     * kept, else every Locked vault.
     */
    public void catchUp() {
        if (!blobs.retainsBlobs()) {
            return;
        }
        Optional<Map<Long, Long>> noted;
        List<VaultRecord> vaults;
        try {
            noted = backlog().map(RetentionBacklog::noted);
            vaults = noted.isPresent() && noted.get().isEmpty() ? List.of() : store.vaults().all();
        } catch (RuntimeException e) {
            LOG.warn("retention catch-up could not read its backlog ({}); the next start retries it", e.getMessage());
            return;
        }
        for (VaultRecord vault : vaults) {
            if (noted.isPresent() && !noted.get().containsKey(vault.id())) {
                continue;
            }
            try {
                extendExisting(vault);
            } catch (IOException | RuntimeException e) {
                LOG.warn("vault {}: retention catch-up failed ({}); the next start retries it", vault.name(),
                        e.getMessage());
            }
        }
    }

    private void retain(List<BlobSegment> segments, Instant until) throws IOException {
        for (BlobSegment segment : segments) {
            blobs.retainUntil(segment.blobId(), until);
        }
    }
}
