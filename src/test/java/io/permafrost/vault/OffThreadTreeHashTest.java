package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffThreadTreeHashTest {
    @Test
    void buffersOfAnySizeHandedOverInOrderGiveTheTreeHashOfTheWhole() {
        byte[] whole = new byte[5 * TreeHash.CHUNK_SIZE + 777];
        new SplittableRandom(1).nextBytes(whole);
        // Four threads: a hashing step that ran before the one handed over earlier would show in the hash.
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            OffThreadTreeHash feed = new OffThreadTreeHash(threads, 3, 64 * 1024);
            SplittableRandom sizes = new SplittableRandom(2);
            for (int at = 0; at < whole.length; ) {
                byte[] buffer = feed.nextBuffer();
                int n = Math.min(whole.length - at, 1 + sizes.nextInt(buffer.length));
                System.arraycopy(whole, at, buffer, 0, n);
                feed.hash(buffer, n);
                at += n;
            }
            TreeHashFeed.Tree tree = feed.tree(TreeHash.sha256().digest(whole));
            assertThat(tree.hex()).isEqualTo(TreeHash.of(whole));
            assertThat(tree.leaves().count()).isEqualTo(6);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aStepNeverRunsBeforeTheOneHandedOverEarlierWhateverOrderTheExecutorPicks() {
        byte[] whole = new byte[8 * 1000];
        new SplittableRandom(3).nextBytes(whole);
        // An executor that runs the newest task first: steps queued side by side would run backwards.
        java.util.Deque<Runnable> queued = new java.util.ArrayDeque<>();
        OffThreadTreeHash feed = new OffThreadTreeHash(queued::push, 8, 1000);
        for (int at = 0; at < whole.length; at += 1000) {
            byte[] buffer = feed.nextBuffer();
            System.arraycopy(whole, at, buffer, 0, 1000);
            feed.hash(buffer, 1000);
        }
        while (!queued.isEmpty()) {
            queued.pop().run();
        }

        assertThat(feed.tree(TreeHash.sha256().digest(whole)).hex()).isEqualTo(TreeHash.of(whole));
    }

    @Test
    void memoryIsTheRingOfBuffersWhateverTheBodySize() {
        OffThreadTreeHash feed = new OffThreadTreeHash(Runnable::run, 3, 16);
        Set<byte[]> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 100; i++) {
            byte[] buffer = feed.nextBuffer();
            seen.add(buffer);
            feed.hash(buffer, buffer.length);
        }
        assertThat(seen).hasSize(3);
    }

    @Test
    void aBufferNotGivenOutIsRefused() {
        OffThreadTreeHash feed = new OffThreadTreeHash(Runnable::run, 2, 16);
        feed.nextBuffer();

        assertThatThrownBy(() -> feed.hash(new byte[16], 16)).isInstanceOf(IllegalArgumentException.class);
    }
}
