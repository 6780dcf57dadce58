package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.glacier.Operation;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.ArchiveRetrieval;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;
import io.permafrost.store.JobSegment;
import io.permafrost.store.JobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.Page;
import io.permafrost.store.VaultRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** InitiateJob, DescribeJob, ListJobs and GetJobOutput (spec 10); the runner finishes the jobs. */
public final class JobService {
    public static final int LIST_MAX = 50;
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
    private static final Pattern BYTE_RANGE = Pattern.compile("(\\d{1,18})-(\\d{1,18})");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,18}");

    private final MetadataStore store;
    private final AccessGate gate;
    private final ArchiveService archives;
    private final RetrievalAdmission admission;
    private final JobOutputStreamer streamer;
    private final IdGenerator ids;
    private final Clock clock;
    private final JobSettings settings;

    public JobService(MetadataStore store, BlobStore blobs, AccessGate gate, ArchiveService archives,
                      RetrievalAdmission admission, IdGenerator ids, Clock clock, JobSettings settings) {
        this.store = store;
        this.gate = gate;
        this.archives = archives;
        this.admission = admission;
        this.streamer = new JobOutputStreamer(blobs);
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    /** The InitiateJob body (JobParameters, spec 10.1) as sent; {@code inventory} is null when absent. */
    public record JobParameters(String type, String archiveId, String description, String snsTopic, String tier,
                                String retrievalByteRange, String format, InventoryParameters inventory) {
    }

    /** InventoryRetrievalParameters as sent. */
    public record InventoryParameters(String startDate, String endDate, String limit, String marker) {
    }

    /** What InitiateJob answers with. */
    public record StartedJob(String accountId, String vaultName, String jobId) {
        public String location() {
            return "/" + accountId + "/vaults/" + vaultName + "/jobs/" + jobId;
        }
    }

    /** One ListJobs page: the descriptions and the marker of the next page (null at the end). */
    public record JobList(List<Map<String, Object>> jobs, String marker) {
    }

    public StartedJob initiate(CallContext ctx, String accountInUrl, String vaultName, JobParameters params) {
        String type = params.type();
        if (type == null) {
            throw GlacierException.missingParameter("type");
        }
        boolean archiveRetrieval = type.equals("archive-retrieval");
        if (archiveRetrieval && params.archiveId() == null) {
            throw GlacierException.missingParameter("archive ID");
        }
        VaultRecord vault = gate.authorizeVault(ctx, Operation.InitiateJob, accountInUrl, vaultName,
                v -> archiveRetrieval ? archives.archiveAgeKey(v, params.archiveId()) : Map.of());
        if (type.equals("select")) {
            throw GlacierException.invalidParameter("Select jobs are not supported by this server.");
        }
        if (!archiveRetrieval && !type.equals("inventory-retrieval")) {
            throw GlacierException.invalidParameter("Invalid job type: " + type);
        }
        ArchiveRecord archive = null;
        if (archiveRetrieval) {
            archive = store.archives().find(vault.id(), params.archiveId()).orElseThrow(() ->
                    GlacierException.notFound("The archive ID was not found: " + params.archiveId()));
        }
        Descriptions.requireValid(params.description(), "job description");
        if (params.snsTopic() != null && !SnsTopicArn.isValid(params.snsTopic())) {
            throw GlacierException.invalidParameter("Invalid SNSTopic: " + params.snsTopic()
                    + ". The topic must be an SNS topic ARN.");
        }
        String tier = params.tier();
        if (tier != null && !tier.equals("Expedited") && !tier.equals("Standard") && !tier.equals("Bulk")) {
            throw GlacierException.invalidParameter("Invalid Tier: " + tier
                    + ". Valid values are Expedited, Standard and Bulk.");
        }
        Instant now = clock.instant();
        JobRecord job;
        if (archiveRetrieval) {
            String usedTier = tier == null ? "Standard" : tier;
            ArchiveRetrieval retrieval = retrieval(archive, params.retrievalByteRange());
            admission.admit(vault.accountId(), usedTier, retrieval.length());
            job = newJob(vault, Action.ARCHIVE_RETRIEVAL, params, usedTier, now, retrieval, null);
        } else {
            if (params.archiveId() != null) {
                throw GlacierException.invalidParameter(
                        "The ArchiveId parameter is not allowed for inventory-retrieval jobs.");
            }
            if (params.retrievalByteRange() != null) {
                throw GlacierException.invalidParameter(
                        "The RetrievalByteRange parameter is not allowed for inventory-retrieval jobs.");
            }
            job = newJob(vault, Action.INVENTORY_RETRIEVAL, params, tier, now, null, inventory(vault, params));
        }
        ctx.audit().subject(job.jobId());
        if (!ctx.audit().write(() -> store.jobs().create(job), created -> created)) {
            throw gate.vaultGone(vault);
        }
        return new StartedJob(vault.accountId(), vault.name(), job.jobId());
    }

    private JobRecord newJob(VaultRecord vault, Action action, JobParameters params, String tier, Instant now,
                             ArchiveRetrieval archive, InventoryRetrieval inventory) {
        Instant due = now.plus(settings.delayFor(action == Action.INVENTORY_RETRIEVAL, tier));
        return new JobRecord(ids.jobId(), vault.id(), vault.accountId(), vault.name(), action, params.description(),
                params.snsTopic(), tier, now, due, Status.IN_PROGRESS, JobDescription.IN_PROGRESS_MESSAGE, null,
                archive, inventory, null);
    }

    private static ArchiveRetrieval retrieval(ArchiveRecord archive, String byteRange) {
        long size = archive.size();
        long start = 0;
        long end = size - 1;
        if (byteRange != null) {
            Matcher m = BYTE_RANGE.matcher(byteRange);
            if (!m.matches()) {
                throw badRange(byteRange, "The range must be given as start-end in bytes, inclusive.");
            }
            start = Long.parseLong(m.group(1));
            end = Long.parseLong(m.group(2));
            if (start > end || end >= size) {
                throw badRange(byteRange, "The range must lie within the archive of " + size + " bytes.");
            }
            if (!JobRangeAlignment.isMegabyteAligned(start, end, size)) {
                throw badRange(byteRange, "The range must be megabyte aligned: it must start at a multiple of "
                        + "1048576 bytes and end one byte before a multiple of 1048576 or at the end of the archive.");
            }
        }
        String rangeTreeHash = null;
        if (start == 0 && end == size - 1) {
            rangeTreeHash = archive.treeHash();
        } else if (JobRangeAlignment.isTreeHashAligned(start, end, size)) {
            // Null when only the bytes can tell; the runner then computes it when the job completes.
            rangeTreeHash = JobRangeAlignment.fromSegments(withOffsets(archive.segments()), start, end, size);
        }
        return new ArchiveRetrieval(archive.archiveId(), size, archive.treeHash(), archive.description(), start, end,
                rangeTreeHash);
    }

    static List<JobSegment> withOffsets(List<BlobSegment> segments) {
        List<JobSegment> placed = new ArrayList<>(segments.size());
        long offset = 0;
        for (BlobSegment segment : segments) {
            placed.add(new JobSegment(offset, segment.blobId(), segment.length(), segment.treeHash(),
                    segment.leaves()));
            offset += segment.length();
        }
        return placed;
    }

    private static GlacierException badRange(String value, String why) {
        return GlacierException.invalidParameter("Invalid RetrievalByteRange: " + value + ". " + why);
    }

    private InventoryRetrieval inventory(VaultRecord vault, JobParameters params) {
        String format = params.format() == null ? "JSON" : params.format();
        if (!format.equals("JSON") && !format.equals("CSV")) {
            throw GlacierException.invalidParameter("Invalid Format: " + format + ". Valid values are JSON and CSV.");
        }
        InventoryParameters p = params.inventory();
        if (p == null) {
            return new InventoryRetrieval(format, null, null, null, null, null);
        }
        Instant start = inventoryDate("StartDate", p.startDate());
        Instant end = inventoryDate("EndDate", p.endDate());
        if (start != null && end != null && !start.isBefore(end)) {
            throw GlacierException.invalidParameter("Invalid inventory date range: StartDate " + p.startDate()
                    + " must be earlier than EndDate " + p.endDate() + ".");
        }
        if (p.limit() != null && (!LIMIT.matcher(p.limit().trim()).matches() || Long.parseLong(p.limit().trim()) < 1)) {
            throw GlacierException.invalidParameter("Invalid Limit: " + p.limit()
                    + ". The limit must be a positive integer.");
        }
        String marker = p.marker() == null || p.marker().isEmpty() ? null : p.marker();
        if (marker != null && !isArchiveScanKey(vault, marker)) {
            throw GlacierException.invalidParameter("Invalid Marker: " + marker
                    + ". Use the Marker of a previous inventory job of this vault.");
        }
        return new InventoryRetrieval(format, p.startDate(), p.endDate(), p.limit(), marker, null);
    }

    private static Instant inventoryDate(String member, String text) {
        if (text == null) {
            return null;
        }
        Instant parsed = GlacierDates.parseOrNull(text);
        if (parsed == null) {
            throw GlacierException.invalidParameter("Invalid " + member + ": " + text
                    + ". Dates must be ISO 8601, for example 2013-03-20T17:03:43Z.");
        }
        return parsed;
    }

    /** Whether the archive store understands the marker as a scan position (one indexed probe). */
    private boolean isArchiveScanKey(VaultRecord vault, String marker) {
        try {
            store.archives().scan(vault.id(), null, null, marker, 1, a -> { });
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public Map<String, Object> describe(CallContext ctx, String accountInUrl, String vaultName, String jobId) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.DescribeJob, accountInUrl, vaultName, v -> Map.of());
        return JobDescription.of(liveJob(vault, jobId), arn(vault));
    }

    public JobList list(CallContext ctx, String accountInUrl, String vaultName, String marker, int limit,
                        String statusCode, String completed) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.ListJobs, accountInUrl, vaultName, v -> Map.of());
        Status status = statusCode == null ? null : switch (statusCode) {
            case "InProgress" -> Status.IN_PROGRESS;
            case "Succeeded" -> Status.SUCCEEDED;
            case "Failed" -> Status.FAILED;
            default -> throw GlacierException.invalidParameter("The job status code is not valid: " + statusCode);
        };
        Boolean done = completed == null ? null : switch (completed) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw GlacierException.invalidParameter("The completed value is not valid: " + completed
                    + ". Valid values are true and false.");
        };
        String from = marker == null || marker.isEmpty() ? null : marker;
        JobStore jobs = store.jobs();
        if (from != null && !jobs.isListKey(from)) {
            throw GlacierException.invalidParameter("Invalid marker: " + marker);
        }
        Instant expiredUpTo = clock.instant().minus(settings.retention());
        Page<JobRecord> page = jobs.list(vault.id(), new JobStore.Filter(status, done), expiredUpTo, from, limit);
        String vaultArn = arn(vault);
        return new JobList(page.items().stream().map(j -> JobDescription.of(j, vaultArn)).toList(), page.nextKey());
    }

    public JobOutput output(CallContext ctx, String accountInUrl, String vaultName, String jobId, String rangeHeader) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.GetJobOutput, accountInUrl, vaultName, v -> Map.of());
        JobRecord job = liveJob(vault, jobId);
        if (job.status() != Status.SUCCEEDED) {
            throw GlacierException.invalidParameter("The job is not currently available for download: " + jobId);
        }
        return job.action() == Action.ARCHIVE_RETRIEVAL ? archiveOutput(job, rangeHeader) : inventoryOutput(job, rangeHeader);
    }

    private JobOutput archiveOutput(JobRecord job, String rangeHeader) {
        ArchiveRetrieval archive = job.archive();
        JobOutputRange range = JobOutputRange.of(rangeHeader, archive.length());
        long start = archive.rangeStart() + range.first();
        long end = archive.rangeStart() + range.last();
        List<JobSegment> segments = store.jobs().segments(job.jobId());
        String source = "archive " + archive.archiveId() + " (job " + job.jobId() + ")";
        Map<String, String> headers = baseHeaders(range, archive.length());
        if (archive.archiveDescription() != null && !archive.archiveDescription().isEmpty()) {
            headers.put("x-amz-archive-description", archive.archiveDescription());
        }
        if (archive.rangeTreeHash() != null && JobRangeAlignment.isTreeHashAligned(start, end, archive.archiveSize())) {
            String treeHash = start == archive.rangeStart() && end == archive.rangeEnd() ? archive.rangeTreeHash()
                    : beforeSending(() -> streamer.treeHash(source, segments, start, end, archive.archiveSize()));
            headers.put("x-amz-sha256-tree-hash", treeHash);
        }
        return verifiedOutput(range, headers, "application/octet-stream", source, segments, start, end);
    }

    private JobOutput inventoryOutput(JobRecord job, String rangeHeader) {
        JobRecord.InventoryOutput output = job.output();
        JobOutputRange range = JobOutputRange.of(rangeHeader, output.size());
        // No chunk hashes are recorded for an inventory: it is verified whole against its tree hash.
        List<JobSegment> segments = List.of(new JobSegment(0, output.blobId(), output.size(), output.treeHash(), null));
        return verifiedOutput(range, baseHeaders(range, output.size()),
                InventoryWriter.contentType(job.inventory().format()), "the inventory of job " + job.jobId(), segments,
                range.first(), range.last());
    }

    /**
     * The answer whose body is [start, end] of the segments, verified as it streams. The first piece
     * is verified now: damage there becomes a Glacier error instead of a response cut short.
     */
    private JobOutput verifiedOutput(JobOutputRange range, Map<String, String> headers, String contentType,
                                     String source, List<JobSegment> segments, long start, long end) {
        beforeSending(() -> {
            streamer.checkFirstPiece(source, segments, start, end);
            return null;
        });
        return new JobOutput(range.partial() ? 206 : 200, headers, contentType, range.length(),
                out -> streamer.copy(source, segments, start, end, out));
    }

    private static Map<String, String> baseHeaders(JobOutputRange range, long total) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept-Ranges", "bytes");
        if (range.partial()) {
            headers.put("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + total);
        }
        return headers;
    }

    /** A read of stored bytes made before the response starts, so a failure can still be answered as an error. */
    @FunctionalInterface
    private interface StoredRead<T> {
        T run() throws IOException;
    }

    private static <T> T beforeSending(StoredRead<T> read) {
        try {
            return read.run();
        } catch (JobOutputStreamer.CorruptOutputException e) {
            throw new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, e.clientMessage());
        } catch (IOException e) {
            LOG.warn("job output could not be read: {}", e.toString());
            throw new GlacierException(ErrorCode.SERVICE_UNAVAILABLE, "The job output could not be read from storage.");
        }
    }

    /** The job if it exists in this vault and has not passed its retention (then it is gone, spec 10.2). */
    private JobRecord liveJob(VaultRecord vault, String jobId) {
        Instant now = clock.instant();
        return store.jobs().find(vault.id(), jobId)
                .filter(job -> job.completionDate() == null
                        || now.isBefore(job.completionDate().plus(settings.retention())))
                .orElseThrow(() -> GlacierException.notFound("The job ID was not found: " + jobId));
    }

    private String arn(VaultRecord vault) {
        return gate.arn(vault.accountId(), vault.name()).arn();
    }
}
