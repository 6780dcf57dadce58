package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.Page;
import io.permafrost.store.PartRecord;
import io.permafrost.store.UploadRecord;
import io.permafrost.store.UploadRecord.UploadState;
import io.permafrost.store.UploadStore.Abort;
import io.permafrost.store.UploadStore.AbortResult;
import io.permafrost.store.UploadStore.CompleteResult;
import io.permafrost.store.UploadStore.Completion;
import io.permafrost.store.UploadStore.PartPut;
import io.permafrost.store.UploadStore.UploadWithParts;
import io.permafrost.store.VaultRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The six multipart upload operations (spec 9). */
public final class MultipartService {
    public static final int MAX_PARTS = 10_000;
    public static final int LIST_MAX = 50;
    private static final long MIB = 1024 * 1024;
    private static final long MAX_PART_SIZE = 4L * 1024 * MIB;

    private final MetadataStore store;
    private final AccessGate gate;
    private final BlobIngest ingest;
    private final BlobStore blobs;
    private final ObjectLockRetention retention;
    private final BlobCollector collector;
    private final IdGenerator ids;
    private final Clock clock;
    private final ServiceSettings settings;

    public MultipartService(MetadataStore store, BlobStore blobs, AccessGate gate, BlobCollector collector,
                            IdGenerator ids, Clock clock, ServiceSettings settings) {
        this.store = store;
        this.gate = gate;
        this.ingest = new BlobIngest(blobs);
        this.blobs = blobs;
        this.retention = new ObjectLockRetention(store, blobs, gate);
        this.collector = collector;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    public record StartedUpload(String accountId, String vaultName, String uploadId) {
        public String location() {
            return "/" + accountId + "/vaults/" + vaultName + "/multipart-uploads/" + uploadId;
        }
    }

    /** An open upload as ListMultipartUploads and ListParts report it (spec 9.5, 9.6). */
    public record UploadDescription(String accountId, String vaultName, String uploadId, String archiveDescription,
                                    Instant creationDate, long partSize) {
        static UploadDescription of(VaultRecord vault, UploadRecord upload) {
            return new UploadDescription(vault.accountId(), vault.name(), upload.uploadId(), upload.description(),
                    upload.creationDate(), upload.partSize());
        }
    }

    /** A received part: its inclusive byte range in the archive and its tree hash. */
    public record PartDescription(long rangeStart, long rangeEnd, String treeHash) {
        static PartDescription of(PartRecord part) {
            return new PartDescription(part.rangeStart(), part.rangeEnd(), part.treeHash());
        }
    }

    public record PartsView(UploadDescription upload, Listing<PartDescription> parts) {
    }

    public StartedUpload initiate(CallContext ctx, String accountInUrl, String vaultName, String partSizeHeader,
                                  String description) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.InitiateMultipartUpload, accountInUrl, vaultName,
                v -> Map.of());
        long partSize = parsePartSize(partSizeHeader);
        Descriptions.requireValid(description, "archive description");
        Instant now = clock.instant();
        UploadRecord upload = new UploadRecord(ids.uploadId(), vault.id(), description, partSize, now, now,
                UploadState.OPEN, null, 0, null);
        ctx.audit().subject(upload.uploadId());
        if (!ctx.audit().write(() -> store.uploads().create(upload), created -> created)) {
            throw gate.vaultGone(vault);
        }
        return new StartedUpload(vault.accountId(), vaultName, upload.uploadId());
    }

    static long parsePartSize(String header) {
        long size;
        try {
            size = header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            size = -1;
        }
        boolean powerOfTwoMiB = size >= MIB && size <= MAX_PART_SIZE && Long.bitCount(size) == 1;
        if (!powerOfTwoMiB) {
            throw GlacierException.invalidParameter("Invalid part size: " + header + ". Part size must not be null, "
                    + "must be a power of two and be between 1048576 and 4294967296 bytes.");
        }
        return size;
    }

    /** Stores one part; returns the server-computed tree hash of the part. */
    public String uploadPart(CallContext ctx, String accountInUrl, String vaultName, String uploadId,
                             String contentRangeHeader, String treeHashHeader, UploadBody body) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.UploadMultipartPart, accountInUrl, vaultName,
                v -> Map.of());
        UploadRecord upload = openUpload(vault, uploadId);
        ContentRange range = ContentRange.parse(contentRangeHeader);
        if (body.contentLength() < 0) {
            throw GlacierException.missingParameter("Content-Length");
        }
        if (body.contentLength() != range.length()) {
            throw GlacierException.invalidParameter("Content-Range: " + contentRangeHeader
                    + " is incompatible with Content-Length: " + body.contentLength());
        }
        if (range.first() % upload.partSize() != 0 || range.length() > upload.partSize()
                || range.first() / upload.partSize() >= MAX_PARTS) {
            throw ContentRange.invalid(contentRangeHeader);
        }
        String sentTreeHash = TreeHashHeader.requireHex(treeHashHeader);
        try (BlobIngest.Ingested received = ingest.ingest(body)) {
            TreeHashHeader.requireMatch(sentTreeHash, received.treeHash);
            String blobId = received.commit();
            PartPut put = ctx.audit().write(() -> store.uploads().putPart(
                    new PartRecord(uploadId, range.first(), received.size, received.treeHash, blobId, received.leaves),
                    clock.instant()), PartPut::accepted);
            if (!put.accepted()) {
                collector.release(List.of(blobId));
                throw uploadNotFound(uploadId);
            }
            collector.release(put.releasedBlobIds());
            return received.treeHash;
        }
    }

    public ArchiveService.StoredArchive complete(CallContext ctx, String accountInUrl, String vaultName, String uploadId,
                                                 String archiveSizeHeader, String treeHashHeader) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.CompleteMultipartUpload, accountInUrl, vaultName,
                v -> Map.of());
        UploadWithParts found = store.uploads().findWithParts(vault.id(), uploadId)
                .orElseThrow(() -> uploadNotFound(uploadId));
        UploadRecord upload = found.upload();
        if (archiveSizeHeader == null) {
            throw GlacierException.missingParameter("x-amz-archive-size");
        }
        if (treeHashHeader == null) {
            throw GlacierException.missingParameter(TreeHashHeader.NAME);
        }
        long archiveSize = parseArchiveSize(archiveSizeHeader);
        if (upload.state() == UploadState.COMPLETED) {
            return repeatedCompletion(vault, vaultName, upload, archiveSize, treeHashHeader);
        }
        if (upload.state() != UploadState.OPEN) {
            throw uploadNotFound(uploadId);
        }
        List<PartRecord> parts = found.parts();
        requireContiguous(parts, upload.partSize(), archiveSize);
        List<byte[]> hashes = new ArrayList<>(parts.size());
        List<BlobSegment> segments = new ArrayList<>(parts.size());
        for (PartRecord part : parts) {
            hashes.add(TreeHash.parseHexOrNull(part.treeHash()));
            segments.add(part.segment());
        }
        String computed = TreeHash.toHex(TreeHash.combine(hashes));
        if (!computed.equalsIgnoreCase(treeHashHeader)) {
            throw GlacierException.invalidParameter("Invalid " + TreeHashHeader.NAME + ": " + treeHashHeader);
        }
        Instant now = clock.instant();
        ArchiveRecord archive = new ArchiveRecord(ids.archiveId(), vault.id(), upload.description(), archiveSize,
                computed, now, segments);
        // The manifest is durable before the commit, so recovery can reassemble every acknowledged archive.
        // A racing Complete of this upload writes its own (its own archive id) and, losing, takes back only that.
        ArchiveManifest manifest = new ArchiveManifest(vault.accountId(), vault.name(), archive.archiveId(),
                archive.description(), now, archiveSize, computed, segments);
        recordArchive(manifest);
        boolean retained = retention.beforeCommit(vault, now, segments);
        // The store decides who wins inside its one write: a racing Abort or Complete sees the upload closed.
        Completion completion;
        try {
            completion = ctx.audit().write(() -> store.uploads().complete(vault.id(), uploadId, parts, archive, now),
                    done -> done.result() == CompleteResult.COMPLETED);
        } catch (RuntimeException e) {
            blobs.forgetArchive(manifest);
            throw e;
        }
        if (completion.result() != CompleteResult.COMPLETED) {
            blobs.forgetArchive(manifest);
        }
        return switch (completion.result()) {
            case COMPLETED -> {
                retention.afterCommit(vault, now, segments, retained);
                yield new ArchiveService.StoredArchive(vault.accountId(), vaultName, archive.archiveId(), computed);
            }
            case ALREADY_COMPLETED ->
                    repeatedCompletion(vault, vaultName, completion.upload(), archiveSize, treeHashHeader);
            case NOT_OPEN -> throw uploadNotFound(uploadId);
            case PARTS_CHANGED -> throw GlacierException.invalidParameter(
                    "A part of the upload was replaced while it was being completed; retry: " + uploadId);
        };
    }

    private void recordArchive(ArchiveManifest manifest) {
        try {
            blobs.recordArchive(manifest);
        } catch (java.io.IOException e) {
            throw new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "Could not store the data: " + e.getMessage());
        }
    }

    private ArchiveService.StoredArchive repeatedCompletion(VaultRecord vault, String vaultName, UploadRecord upload,
                                                           long archiveSize, String treeHash) {
        if (upload.archiveSize() != archiveSize || !upload.treeHash().equalsIgnoreCase(treeHash)) {
            throw GlacierException.invalidParameter("Invalid " + TreeHashHeader.NAME + ": " + treeHash);
        }
        return new ArchiveService.StoredArchive(vault.accountId(), vaultName, upload.archiveId(), upload.treeHash());
    }

    private static long parseArchiveSize(String header) {
        try {
            long size = Long.parseLong(header.trim());
            if (size <= 0) {
                throw GlacierException.invalidParameter("Invalid x-amz-archive-size: " + header);
            }
            return size;
        } catch (NumberFormatException e) {
            throw GlacierException.invalidParameter("Invalid x-amz-archive-size: " + header);
        }
    }

    private static void requireContiguous(List<PartRecord> parts, long partSize, long archiveSize) {
        long expectedStart = 0;
        for (int i = 0; i < parts.size(); i++) {
            PartRecord part = parts.get(i);
            boolean last = i == parts.size() - 1;
            if (part.rangeStart() != expectedStart) {
                throw GlacierException.invalidParameter("Missing part: no part covers bytes starting at "
                        + expectedStart);
            }
            if (!last && part.length() != partSize) {
                throw GlacierException.invalidParameter("Part " + part.rangeStart() + "-" + part.rangeEnd()
                        + " is shorter than the part size " + partSize + " but is not the last part");
            }
            expectedStart += part.length();
        }
        if (parts.isEmpty() || expectedStart != archiveSize) {
            throw GlacierException.invalidParameter("Invalid x-amz-archive-size: " + archiveSize
                    + " (the uploaded parts hold " + expectedStart + " bytes)");
        }
    }

    public void abort(CallContext ctx, String accountInUrl, String vaultName, String uploadId) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.AbortMultipartUpload, accountInUrl, vaultName,
                v -> Map.of());
        // No read first: the outcome is what the store's one conditional write found, so an Abort racing a
        // Complete either wins (and the Complete gets 404) or loses and gets 404 itself.
        Abort abort = ctx.audit().write(() -> store.uploads().abort(vault.id(), uploadId, clock.instant()),
                aborted -> aborted.result() == AbortResult.ABORTED);
        switch (abort.result()) {
            case ABORTED -> collector.release(abort.releasedBlobIds());
            case ALREADY_ABORTED -> {
                // Aborting an aborted upload succeeds for as long as we remember it (24 h).
            }
            case COMPLETED, NOT_FOUND -> throw uploadNotFound(uploadId);
        }
    }

    public PartsView listParts(CallContext ctx, String accountInUrl, String vaultName, String uploadId,
                               String marker, int limit) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.ListParts, accountInUrl, vaultName, v -> Map.of());
        UploadRecord upload = openUpload(vault, uploadId);
        long from = 0;
        if (marker != null && !marker.isEmpty()) {
            try {
                from = Long.parseLong(marker);
            } catch (NumberFormatException e) {
                throw GlacierException.invalidParameter("Invalid marker: " + marker);
            }
        }
        Page<PartRecord> parts = store.uploads().listParts(uploadId, from, limit);
        return new PartsView(UploadDescription.of(vault, upload),
                new Listing<>(parts.items().stream().map(PartDescription::of).toList(), parts.nextKey()));
    }

    public Listing<UploadDescription> listUploads(CallContext ctx, String accountInUrl, String vaultName,
                                                  String marker, int limit) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.ListMultipartUploads, accountInUrl, vaultName,
                v -> Map.of());
        String from = marker == null || marker.isEmpty() ? null : marker;
        if (from != null && store.uploads().find(vault.id(), from).isEmpty()) {
            throw GlacierException.invalidParameter("Invalid marker: " + marker);
        }
        Page<UploadRecord> page = store.uploads().listOpen(vault.id(), from, limit);
        return new Listing<>(page.items().stream().map(u -> UploadDescription.of(vault, u)).toList(), page.nextKey());
    }

    private UploadRecord openUpload(VaultRecord vault, String uploadId) {
        return store.uploads().find(vault.id(), uploadId)
                .filter(u -> u.state() == UploadState.OPEN)
                .orElseThrow(() -> uploadNotFound(uploadId));
    }

    private static GlacierException uploadNotFound(String uploadId) {
        return GlacierException.notFound("The upload ID was not found: " + uploadId);
    }

    /** Aborts idle uploads and forgets closed ones past retention; called by the maintenance sweeper. */
    public void expireUploads() {
        Instant now = clock.instant();
        collector.release(store.uploads().expire(now.minus(settings.uploadIdleExpiry()),
                now.minus(settings.closedUploadRetention())));
    }
}
