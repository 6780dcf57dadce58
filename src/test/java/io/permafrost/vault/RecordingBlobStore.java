package io.permafrost.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records what it is asked to retain; nothing else is used. */
final class RecordingBlobStore extends UnusedBlobStore {
    private final boolean retains;
    final Map<String, Instant> retained = new LinkedHashMap<>();
    /** Every retainUntil call (each one a retention read, then maybe a write, on S3). */
    int retentionCalls;
    /** After this many calls every further one fails, as an object store gone away; -1: never. */
    int failAfter = -1;

    RecordingBlobStore(boolean retains) {
        this.retains = retains;
    }

    @Override
    public boolean retainsBlobs() {
        return retains;
    }

    @Override
    public void retainUntil(String blobId, Instant until) throws java.io.IOException {
        if (!retains) {
            throw new AssertionError("a store that cannot retain was asked to");
        }
        if (failAfter >= 0 && retentionCalls >= failAfter) {
            throw new java.io.IOException("object store unreachable");
        }
        retentionCalls++;
        retained.merge(blobId, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
