package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.glacier.Operation;
import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.ArchiveDeletion;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveStore.DeleteOutcome;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** UploadArchive and DeleteArchive. */
public final class ArchiveService {
    public static final long MAX_SINGLE_UPLOAD = 4L * 1024 * 1024 * 1024;

    private final MetadataStore store;
    private final AccessGate gate;
    private final BlobIngest ingest;
    private final BlobCollector collector;
    private final ObjectLockRetention retention;
    private final IdGenerator ids;
    private final Clock clock;

    public ArchiveService(MetadataStore store, BlobStore blobs, AccessGate gate, BlobCollector collector,
                          IdGenerator ids, Clock clock) {
        this.store = store;
        this.gate = gate;
        this.ingest = new BlobIngest(blobs);
        this.retention = new ObjectLockRetention(store, blobs, gate);
        this.collector = collector;
        this.ids = ids;
        this.clock = clock;
    }

    /** What an upload created: the response headers' values. */
    public record StoredArchive(String accountId, String vaultName, String archiveId, String treeHash) {
        public String location() {
            return "/" + accountId + "/vaults/" + vaultName + "/archives/" + archiveId;
        }
    }

    public StoredArchive upload(CallContext ctx, String accountInUrl, String vaultName, String description,
                                String treeHashHeader, UploadBody body) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.UploadArchive, accountInUrl, vaultName, v -> Map.of());
        if (body.contentLength() < 0) {
            throw GlacierException.missingParameter("Content-Length");
        }
        if (body.contentLength() == 0 || body.contentLength() > MAX_SINGLE_UPLOAD) {
            throw GlacierException.invalidParameter("Invalid Content-Length: " + body.contentLength());
        }
        Descriptions.requireValid(description, "archive description");
        String sentTreeHash = TreeHashHeader.requireHex(treeHashHeader);
        try (BlobIngest.Ingested received = ingest.ingest(body)) {
            TreeHashHeader.requireMatch(sentTreeHash, received.treeHash);
            // Id and date before the commit: the blob's sidecar records them, for recovery without the metadata.
            String archiveId = ids.archiveId();
            Instant created = clock.instant();
            String blobId = received.commit(new ArchiveManifest(vault.accountId(), vault.name(), archiveId, description,
                    created, received.size, received.treeHash, List.of()));
            ArchiveRecord archive = new ArchiveRecord(archiveId, vault.id(), description, received.size,
                    received.treeHash, created, List.of(new BlobSegment(blobId, received.size, received.treeHash,
                    received.leaves)));
            boolean retained = retention.beforeCommit(vault, created, archive.segments());
            ctx.audit().subject(archiveId);
            if (!ctx.audit().write(() -> store.archives().insert(archive), inserted -> inserted)) {
                collector.release(List.of(blobId));
                throw gate.vaultGone(vault);
            }
            retention.afterCommit(vault, created, archive.segments(), retained);
            return new StoredArchive(vault.accountId(), vaultName, archive.archiveId(), archive.treeHash());
        }
    }

    public void delete(CallContext ctx, String accountInUrl, String vaultName, String archiveId) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.DeleteArchive, accountInUrl, vaultName,
                v -> archiveAgeKey(v, archiveId));
        // Decided again inside the delete's own transaction: the lock, tags and policies may have changed
        // (on another node) since the decision above, and a Locked policy must win over a stale read.
        DeleteOutcome outcome = ctx.audit().write(() -> store.archives().delete(vault.id(), archiveId, clock.instant(),
                gate.stillAllows(ctx, Operation.DeleteArchive, accountInUrl, v -> archiveAgeKey(v, archiveId))),
                deleted -> deleted.result() == ArchiveDeletion.DELETED);
        switch (outcome.result()) {
            case DENIED -> {
                gate.authorizeVault(ctx, Operation.DeleteArchive, accountInUrl, vaultName, v -> archiveAgeKey(v, archiveId));
                // Allowed on this third read: the state changed back meanwhile; refuse rather than guess.
                throw GlacierException.accessDenied("Access denied: the vault's policies changed during the request");
            }
            case DELETED -> collector.release(outcome.releasedBlobIds());
            case ALREADY_DELETED -> {
                // Idempotent per the guide: deleting a deleted archive is not an error.
            }
            // AWS's answer for an id of a sibling vault, but only to the vaults' own account: a partner
            // trusted with this vault must not learn which ids the owner's other vaults hold.
            case OTHER_VAULT -> throw vault.accountId().equals(ctx.caller().accountId())
                    ? GlacierException.invalidParameter("Invalid vault name: " + gate.arn(vault.accountId(), vaultName).arn())
                    : archiveNotFound(archiveId);
            // Another account's archive id must not tell the caller it exists: it answers as an unknown id.
            case NEVER_ISSUED, OTHER_ACCOUNT -> throw archiveNotFound(archiveId);
        }
    }

    private static GlacierException archiveNotFound(String archiveId) {
        return GlacierException.notFound("The archive ID was not found: " + archiveId);
    }

    /** The {@code glacier:ArchiveAgeInDays} key for an archive of the vault; absent when there is no such archive. */
    public Map<String, List<String>> archiveAgeKey(VaultRecord vault, String archiveId) {
        if (archiveId == null) {
            return Map.of();
        }
        Optional<ArchiveRecord> archive = store.archives().find(vault.id(), archiveId);
        return archive.map(a -> Map.of("glacier:ArchiveAgeInDays", List.of(Long.toString(ageInDays(a.creationDate())))))
                .orElse(Map.of());
    }

    private long ageInDays(Instant created) {
        Duration age = Duration.between(created, clock.instant());
        return Math.max(0, age.toDays());
    }
}
