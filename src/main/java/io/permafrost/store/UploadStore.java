package io.permafrost.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Multipart uploads and their parts. */
public interface UploadStore {

    boolean create(UploadRecord upload);

    Optional<UploadRecord> find(long vaultId, String uploadId);

    /** Open uploads in creation order, from the upload {@code fromUploadId} (inclusive; null = start). */
    Page<UploadRecord> listOpen(long vaultId, String fromUploadId, int limit);

    /** Records a part (replacing one at the same offset); returns what happened and any blob it released. */
    PartPut putPart(PartRecord part, Instant now);

    record PartPut(boolean accepted, List<String> releasedBlobIds) {
    }

    /** All parts in range order. */
    List<PartRecord> parts(String uploadId);

    /** Parts in range order starting at {@code fromStart} (inclusive), at most {@code limit}. */
    Page<PartRecord> listParts(String uploadId, long fromStart, int limit);

    /**
     * Atomically turns an open upload into the given archive (segments = the parts, no copy) and counts it
     * in the vault. False when the upload was no longer open or its parts changed since they were read.
     */
    boolean complete(String uploadId, List<PartRecord> expectedParts, ArchiveRecord archive, Instant now);

    /** Marks an open upload aborted and drops its parts; returns the released blobs (empty if it was not open). */
    List<String> abort(String uploadId, Instant now);

    /** Aborts uploads idle since {@code idleBefore}, forgets closed ones closed before {@code closedBefore}. */
    List<String> expire(Instant idleBefore, Instant closedBefore);
}
