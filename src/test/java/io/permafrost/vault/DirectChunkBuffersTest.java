package io.permafrost.vault;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** Downloads' off-heap buffers are bounded in number and recycled; past the bound a download gets heap ones. */
class DirectChunkBuffersTest {
    @Test
    void noMoreThanTheLimitAreOffHeapAndTheyAreReused() {
        DirectChunkBuffers buffers = new DirectChunkBuffers(4096, 2);

        ByteBuffer first = buffers.take();
        ByteBuffer second = buffers.take();
        ByteBuffer third = buffers.take();

        assertThat(first.isDirect()).isTrue();
        assertThat(second.isDirect()).isTrue();
        assertThat(third.isDirect()).as("past the limit").isFalse();
        assertThat(third.capacity()).isEqualTo(4096);
        buffers.giveBack(third);
        buffers.giveBack(first.limit(10).position(3));
        assertThat(buffers.idleCount()).as("heap buffers are not kept").isEqualTo(1);
        ByteBuffer again = buffers.take();
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(4096);
        assertThat(buffers.take().isDirect()).as("the limit counts buffers handed out, not idle ones").isFalse();
    }
}
