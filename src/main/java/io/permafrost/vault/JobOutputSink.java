package io.permafrost.vault;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Where a job output's body goes, one buffer at a time. A send may return before the bytes are out:
 * the sender fills its next buffer meanwhile and neither touches the buffer nor sends again until the
 * returned future completes (one send outstanding, as the HTTP layer allows).
 */
@FunctionalInterface
public interface JobOutputSink {
    /** Starts sending {@code bytes} (position to limit); completes, or fails, when the buffer is free again. */
    CompletableFuture<Void> send(ByteBuffer bytes);
}
