package io.permafrost.vault;

import java.time.Duration;

/**
 * How fast released blobs are deleted in the background: {@code batch} blobs at a time, then a wait of
 * {@code pause} or of as long as the batch took, whichever is longer. The deletes of a 10,000-part
 * archive then take at most about half of one core and of the metadata writer (each batch ends in one
 * short metadata write), and every other request's commit waits for one small batch at most, never for
 * the whole archive.
 */
public record BlobDeletionPace(int batch, Duration pause) {
    public static final BlobDeletionPace DEFAULT = new BlobDeletionPace(32, Duration.ofMillis(20));

    public BlobDeletionPace {
        if (batch < 1) {
            throw new IllegalArgumentException("the blob deletion batch must be at least 1");
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("the blob deletion pause must not be negative");
        }
    }

    /** The wait after a batch that took {@code took}. */
    Duration waitAfter(Duration took) {
        return took.compareTo(pause) > 0 ? took : pause;
    }
}
