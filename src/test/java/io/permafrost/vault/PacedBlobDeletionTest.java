package io.permafrost.vault;

import io.permafrost.store.BlobDeletionQueue;
import io.permafrost.store.NodeId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release with no grace hands the blobs to the background deletion and returns: the request that
 * released 10,000 parts must not unlink them itself. The background deletes them all, in batches no
 * larger than its pace allows.
 */
class PacedBlobDeletionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aReleaseReturnsWithoutDeletingOnTheReleasingThread() throws Exception {
        RecordingBlobs blobs = new RecordingBlobs();
        try (PacedBlobDeletion background = new PacedBlobDeletion(blobs, new BlobDeletionPace(7, Duration.ZERO))) {
            BlobCollector collector = new BlobCollector(blobs, new NoQueue(), CLOCK, Duration.ZERO, background);
            List<String> released = ids(100);

            collector.release(released);

            assertThat(blobs.deletedOn(Thread.currentThread())).as("deleted by the releasing thread").isEmpty();
            background.awaitIdle();
            assertThat(blobs.deleted()).containsExactlyInAnyOrderElementsOf(released);
            assertThat(blobs.batchSizes()).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(7));
        }
    }

    @Test
    void theCollectorLeavesUndatedReleasesToABusyBackgroundDeletion() throws Exception {
        RecordingBlobs blobs = new RecordingBlobs();
        NoQueue queue = new NoQueue();
        // One blob, then a long pause with more waiting: the background is busy for the whole test.
        try (PacedBlobDeletion background = new PacedBlobDeletion(blobs, new BlobDeletionPace(1, Duration.ofHours(1)))) {
            BlobCollector collector = new BlobCollector(blobs, queue, CLOCK, Duration.ZERO, background);
            collector.release(ids(3));

            collector.collectDue(NodeId.random());

            assertThat(queue.passes).as("collector passes that would date and delete the same blobs at once").isZero();
        }
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("%032x", i)).toList();
    }

    /** Records each deleteAll call: which thread, which ids. */
    private static final class RecordingBlobs extends UnusedBlobStore {
        private record Call(Thread thread, List<String> ids) {
        }

        private final List<Call> calls = new ArrayList<>();

        @Override
        public synchronized void deleteAll(List<String> blobIds) {
            calls.add(new Call(Thread.currentThread(), List.copyOf(blobIds)));
        }

        synchronized List<String> deletedOn(Thread thread) {
            return calls.stream().filter(c -> c.thread() == thread).flatMap(c -> c.ids().stream()).toList();
        }

        synchronized List<String> deleted() {
            return calls.stream().flatMap(c -> c.ids().stream()).toList();
        }

        synchronized List<Integer> batchSizes() {
            return calls.stream().map(c -> c.ids().size()).toList();
        }

        @Override
        public void delete(String blobId) {
            deleteAll(List.of(blobId));
        }
    }

    /** A deletion queue that counts collector passes and holds nothing. */
    private static final class NoQueue implements BlobDeletionQueue {
        int passes;

        @Override
        public void enqueue(Collection<String> blobIds, Instant deleteAfter) {
            throw new UnsupportedOperationException("no grace: nothing is queued with a time");
        }

        @Override
        public int dateUndated(Instant deleteAfter) {
            passes++;
            return 0;
        }

        @Override
        public List<String> claimDue(String holder, Instant now, Instant leaseUntil, int max) {
            return List.of();
        }

        @Override
        public void forget(Collection<String> blobIds) {
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
