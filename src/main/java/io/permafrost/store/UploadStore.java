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

    /**
     * Records a part (replacing one at the same offset) if the upload is still open, checked in the same
     * write; returns whether it was accepted and any blob it released.
     */
    PartPut putPart(PartRecord part, Instant now);

    record PartPut(boolean accepted, List<String> releasedBlobIds) {
    }

    /** Parts in range order starting at {@code fromStart} (inclusive), at most {@code limit}. */
    Page<PartRecord> listParts(String uploadId, long fromStart, int limit);

    /**
     * Turns the upload into the given archive (segments = the parts, no copy) and counts it in the vault, if
     * it is still open in that vault and its parts are still {@code expectedParts}. The state is changed by
     * a conditional write and the outcome is decided inside it, so of two racing closes exactly one wins.
     */
    Completion complete(long vaultId, String uploadId, List<PartRecord> expectedParts, ArchiveRecord archive,
                        Instant now);

    /** {@code upload} is the record as the write found it (for ALREADY_COMPLETED: its archive). */
    record Completion(CompleteResult result, UploadRecord upload) {
    }

    enum CompleteResult { COMPLETED, ALREADY_COMPLETED, PARTS_CHANGED, NOT_OPEN }

    /** Marks an open upload of the vault aborted and drops its parts, deciding the outcome in that write. */
    Abort abort(long vaultId, String uploadId, Instant now);

    record Abort(AbortResult result, List<String> releasedBlobIds) {
    }

    enum AbortResult { ABORTED, ALREADY_ABORTED, COMPLETED, NOT_FOUND }

    /** The upload and its parts read in one snapshot, so a close committing in between is never half seen. */
    Optional<UploadWithParts> findWithParts(long vaultId, String uploadId);

    record UploadWithParts(UploadRecord upload, List<PartRecord> parts) {
        public UploadWithParts {
            parts = List.copyOf(parts);
        }
    }

    /** Aborts uploads idle since {@code idleBefore}, forgets closed ones closed before {@code closedBefore}. */
    List<String> expire(Instant idleBefore, Instant closedBefore);
}
