package io.permafrost.vault;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One send at a time, in the order the buffers were taken; a buffer never handed out again while it
 * is being sent; a buffer still in flight after a failure never goes back to the pool (the HTTP layer
 * may yet read it).
 */
class OverlappedSendTest {
    private final List<CompletableFuture<Void>> started = new ArrayList<>();
    private final List<ByteBuffer> sent = new ArrayList<>();
    private final JobOutputSink heldSink = bytes -> {
        CompletableFuture<Void> send = new CompletableFuture<>();
        started.add(send);
        sent.add(bytes);
        return send;
    };
    private final DirectChunkBuffers pool = new DirectChunkBuffers(BlobChunks.CHUNK, 8);

    @Test
    void buffersRotateAndOneInFlightIsNotHandedOutAgain() throws Exception {
        OverlappedSend send = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);

        ByteBuffer first = send.take();
        ByteBuffer second = send.take();
        ByteBuffer third = send.take();
        assertThat(second).isNotSameAs(first);
        assertThat(third).isNotSameAs(first).isNotSameAs(second);
        send.send(first);
        started.get(0).complete(null);
        send.send(second);
        assertThat(send.take()).as("the first buffer, its send done").isSameAs(first);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isSameAs(first);
        assertThat(sent.get(1)).isSameAs(second);
        started.get(1).complete(null);
        send.send(third);
        started.get(2).complete(null);
        send.send(first);
        started.get(3).complete(null);
        send.finish();
        send.close();

        assertThat(pool.idleCount()).isEqualTo(3);
    }

    @Test
    void buffersGoOutOnlyInTheOrderTheyWereTaken() throws Exception {
        OverlappedSend send = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);
        send.take();
        ByteBuffer second = send.take();

        assertThatThrownBy(() -> send.send(second)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> send.send(ByteBuffer.allocate(10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedSendIsReportedAndTheBufferInFlightStaysOutOfThePool() throws Exception {
        OverlappedSend send = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);
        ByteBuffer first = send.take();
        send.take();
        send.send(first);

        send.close();
        assertThat(pool.idleCount()).as("only the buffer not in flight").isEqualTo(1);

        OverlappedSend failing = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);
        failing.send(failing.take());
        started.get(1).completeExceptionally(new IOException("connection reset"));
        assertThatThrownBy(failing::finish).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void outputsSmallerThanAChunkGetSmallHeapBuffers() throws Exception {
        OverlappedSend send = new OverlappedSend(heldSink, pool, 5000);

        ByteBuffer buffer = send.take();
        assertThat(buffer.capacity()).isEqualTo(5000);
        assertThat(buffer.isDirect()).isFalse();
        send.close();
        assertThat(pool.idleCount()).isZero();
    }
}
