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
 * One send at a time, a buffer never refilled while it is being sent, and a buffer still in flight
 * after a failure never goes back to the pool (the HTTP layer may yet read it).
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

    @Test
    void theBufferBeingSentIsNotTheOneToFillAndSendsWaitForTheOneBefore() throws Exception {
        DirectChunkBuffers pool = new DirectChunkBuffers(BlobChunks.CHUNK, 4);
        OverlappedSend send = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);

        ByteBuffer first = send.fillable();
        send.send(first);
        ByteBuffer second = send.fillable();
        assertThat(second).as("filled while the first is sent").isNotSameAs(first);
        started.get(0).complete(null);
        send.send(second);
        assertThat(send.fillable()).as("the first buffer, its send done").isSameAs(first);
        assertThat(sent).containsExactly(first, second);
        started.get(1).complete(null);
        send.finish();
        send.close();

        assertThat(pool.idleCount()).isEqualTo(2);
    }

    @Test
    void aFailedSendIsReportedAndTheBufferInFlightStaysOutOfThePool() throws Exception {
        DirectChunkBuffers pool = new DirectChunkBuffers(BlobChunks.CHUNK, 4);
        OverlappedSend send = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);
        ByteBuffer first = send.fillable();
        send.send(first);
        send.fillable();

        send.close();
        assertThat(pool.idleCount()).as("only the buffer not in flight").isEqualTo(1);

        OverlappedSend failing = new OverlappedSend(heldSink, pool, BlobChunks.CHUNK);
        failing.send(failing.fillable());
        started.get(1).completeExceptionally(new IOException("connection reset"));
        assertThatThrownBy(failing::finish).isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void outputsSmallerThanAChunkGetSmallHeapBuffers() {
        DirectChunkBuffers pool = new DirectChunkBuffers(BlobChunks.CHUNK, 4);
        OverlappedSend send = new OverlappedSend(heldSink, pool, 5000);

        assertThat(send.fillable().capacity()).isEqualTo(5000);
        assertThat(send.fillable().isDirect()).isFalse();
        send.close();
        assertThat(pool.idleCount()).isZero();
    }
}
