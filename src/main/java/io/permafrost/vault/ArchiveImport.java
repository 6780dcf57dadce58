package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveStore.ImportOutcome;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;
import io.permafrost.vault.ImportRefused.Reason;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Adds an archive migrated from another endpoint under its original id, creation date and description,
 * so that catalogues keep working and {@code glacier:ArchiveAgeInDays} counts from the original upload.
 * Operator-only (no Glacier operation reaches it, so no access policy is asked): it only ever adds, which
 * is why a Locked vault accepts it: an id already held (or once held and deleted) is refused by the
 * store's own uniqueness, so nothing can be replaced. The bytes take the upload's path: streamed into an
 * invisible blob, size and tree hash verified, blob durable, then one metadata commit; any failure
 * leaves nothing visible. On a Locked vault with a derivable retention, Object Lock retention runs from
 * the original creation date.
 */
public final class ArchiveImport {
    /** Glacier archive ids: 138 URL-safe base64 characters (AWS's and this server's alike). */
    private static final Pattern ARCHIVE_ID = Pattern.compile("[A-Za-z0-9_-]{" + IdGenerator.ARCHIVE_ID_LENGTH + "}");
    private static final Pattern TREE_HASH = Pattern.compile("[0-9a-f]{64}");

    private final MetadataStore store;
    private final BlobIngest ingest;
    private final ObjectLockRetention retention;
    private final BlobCollector collector;
    private final Clock clock;

    public ArchiveImport(MetadataStore store, BlobStore blobs, ObjectLockRetention retention, BlobCollector collector,
                         Clock clock) {
        this.store = store;
        this.ingest = new BlobIngest(blobs);
        this.retention = retention;
        this.collector = collector;
        this.clock = clock;
    }

    /** The archive as the source endpoint described it. */
    public record Source(String archiveId, String description, Instant creationDate, long size, String treeHash) {
    }

    /** Streams {@code body} in and commits it as {@code archive}; throws {@link ImportRefused} with nothing committed. */
    public void importArchive(String accountId, String vaultName, Source archive, InputStream body,
                              io.permafrost.audit.AuditScope audit) {
        requireValid(archive);
        VaultRecord vault = store.vaults().find(accountId, vaultName).orElseThrow(() -> new ImportRefused(
                Reason.NO_SUCH_VAULT, "no vault " + vaultName + " in account " + accountId));
        String expectedHash = archive.treeHash().toLowerCase(Locale.ROOT);
        try (BlobIngest.Ingested received = ingest.ingest(new UploadBody(body, archive.size(), PayloadCheck.NONE))) {
            if (!received.treeHash.equals(expectedHash)) {
                throw new ImportRefused(Reason.HASH_MISMATCH, "archive " + archive.archiveId() + ": the bytes' tree hash is "
                        + received.treeHash + ", the record says " + expectedHash);
            }
            String blobId = received.commit(new ArchiveManifest(vault.accountId(), vault.name(), archive.archiveId(),
                    archive.description(), archive.creationDate(), received.size, received.treeHash, List.of()));
            ArchiveRecord record = new ArchiveRecord(archive.archiveId(), vault.id(), archive.description(), received.size,
                    received.treeHash, archive.creationDate(), List.of(new BlobSegment(blobId, received.size,
                    received.treeHash, received.leaves)));
            boolean retained = retention.beforeCommit(vault, archive.creationDate(), record.segments());
            audit.operatorAction("ImportArchive");
            audit.actingOn(vault.accountId(), vault.name());
            audit.subject(archive.archiveId());
            // The record goes into the inserting transaction: no imported archive without it.
            ImportOutcome outcome = audit.write(() -> store.archives().insertImported(record),
                    inserted -> inserted == ImportOutcome.INSERTED);
            if (outcome != ImportOutcome.INSERTED) {
                collector.release(List.of(blobId));
                throw outcome == ImportOutcome.DUPLICATE_ID
                        ? new ImportRefused(Reason.DUPLICATE_ID, "archive id " + archive.archiveId() + " already exists")
                        : new ImportRefused(Reason.NO_SUCH_VAULT, "vault " + vaultName + " was deleted during the import");
            }
            retention.afterCommit(vault, archive.creationDate(), record.segments(), retained);
        } catch (GlacierException e) {
            throw refusalOf(archive, e);
        }
    }

    private void requireValid(Source archive) {
        if (archive.archiveId() == null || !ARCHIVE_ID.matcher(archive.archiveId()).matches()) {
            throw new ImportRefused(Reason.INVALID_ID, "not a Glacier archive id (138 characters of A-Z a-z 0-9 - _): "
                    + archive.archiveId());
        }
        if (archive.treeHash() == null || !TREE_HASH.matcher(archive.treeHash().toLowerCase(Locale.ROOT)).matches()) {
            throw new ImportRefused(Reason.INVALID_RECORD, "archive " + archive.archiveId()
                    + ": the tree hash must be 64 hex digits, got " + archive.treeHash());
        }
        if (archive.size() <= 0) {
            throw new ImportRefused(Reason.INVALID_RECORD, "archive " + archive.archiveId() + ": size " + archive.size());
        }
        // A date after now would make the archive younger than zero days to every retention rule.
        if (archive.creationDate() == null || archive.creationDate().isAfter(clock.instant())) {
            throw new ImportRefused(Reason.INVALID_RECORD, "archive " + archive.archiveId()
                    + ": creation date missing or in the future: " + archive.creationDate());
        }
        try {
            Descriptions.requireValid(archive.description(), "archive description");
        } catch (GlacierException e) {
            throw new ImportRefused(Reason.INVALID_RECORD, "archive " + archive.archiveId() + ": " + e.getMessage());
        }
    }

    /** The ingest's Glacier errors in the operator's terms: a short body, or storage that failed. */
    private static ImportRefused refusalOf(Source archive, GlacierException e) {
        if (e.errorCode() == ErrorCode.BAD_REQUEST || e.errorCode() == ErrorCode.REQUEST_TIMEOUT) {
            return new ImportRefused(Reason.SIZE_MISMATCH, "archive " + archive.archiveId() + " (" + archive.size()
                    + " bytes): " + e.getMessage());
        }
        if (StorageFull.isCauseOf(e)) {
            return new ImportRefused(Reason.STORE_FULL, "archive " + archive.archiveId() + ": " + e.getMessage());
        }
        return new ImportRefused(Reason.UNAVAILABLE, "archive " + archive.archiveId() + ": " + e.getMessage());
    }
}
