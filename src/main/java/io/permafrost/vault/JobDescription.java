package io.permafrost.vault;

import io.permafrost.glacier.GlacierDates;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.ArchiveRetrieval;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job as DescribeJob, ListJobs and the completion notification show it (spec 10.3): every
 * GlacierJobDescription member, null when it has no value (spec 3.5), keys in alphabetical order.
 */
public final class JobDescription {
    static final String IN_PROGRESS_MESSAGE = "Operation in progress.";

    private JobDescription() {
    }

    public static Map<String, Object> of(JobRecord job, String vaultArn) {
        Map<String, Object> d = new TreeMap<>();
        d.put("Action", job.action() == JobRecord.Action.ARCHIVE_RETRIEVAL ? "ArchiveRetrieval" : "InventoryRetrieval");
        ArchiveRetrieval archive = job.archive();
        d.put("ArchiveId", archive == null ? null : archive.archiveId());
        d.put("ArchiveSHA256TreeHash", archive == null ? null : archive.archiveTreeHash());
        d.put("ArchiveSizeInBytes", archive == null ? null : archive.archiveSize());
        d.put("Completed", job.isCompleted());
        d.put("CompletionDate", GlacierDates.millis(job.completionDate()));
        d.put("CreationDate", GlacierDates.millis(job.creationDate()));
        d.put("InventoryRetrievalParameters", inventoryParameters(job));
        d.put("InventorySizeInBytes", job.output() == null ? null : job.output().size());
        d.put("JobDescription", job.description());
        d.put("JobId", job.jobId());
        d.put("JobOutputPath", null);
        d.put("OutputLocation", null);
        d.put("RetrievalByteRange", archive == null ? null : archive.rangeStart() + "-" + archive.rangeEnd());
        d.put("SelectParameters", null);
        d.put("SHA256TreeHash", archive == null ? null : archive.rangeTreeHash());
        d.put("SNSTopic", job.snsTopic());
        d.put("StatusCode", statusCode(job.status()));
        d.put("StatusMessage", job.statusMessage());
        d.put("Tier", job.tier());
        d.put("VaultARN", vaultArn);
        return Collections.unmodifiableMap(d);
    }

    private static Map<String, Object> inventoryParameters(JobRecord job) {
        InventoryRetrieval inventory = job.inventory();
        if (inventory == null) {
            return null;
        }
        Map<String, Object> p = new TreeMap<>();
        p.put("EndDate", inventory.endDate());
        p.put("Format", inventory.format());
        p.put("Limit", inventory.limit());
        // Once succeeded, Marker is where the next page starts; before that it echoes the request (spec 10.5).
        p.put("Marker", job.status() == Status.SUCCEEDED ? inventory.nextMarker() : inventory.marker());
        p.put("StartDate", inventory.startDate());
        return Collections.unmodifiableMap(p);
    }

    public static String statusCode(Status status) {
        return switch (status) {
            case IN_PROGRESS -> "InProgress";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
        };
    }

    /** The notification event of spec 12.4 for the job's action. */
    public static String completionEvent(JobRecord job) {
        return job.action() == JobRecord.Action.ARCHIVE_RETRIEVAL ? "ArchiveRetrievalCompleted"
                : "InventoryRetrievalCompleted";
    }
}
