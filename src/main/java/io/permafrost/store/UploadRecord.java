package io.permafrost.store;

import java.time.Instant;

/** A multipart upload. {@code state} is open until completed or aborted; closed records are kept a while for idempotent repeats. */
public record UploadRecord(String uploadId, long vaultId, String description, long partSize,
                           Instant creationDate, Instant lastActivity, UploadState state,
                           String archiveId, long archiveSize, String treeHash) {

    public enum UploadState { OPEN, COMPLETED, ABORTED }
}
