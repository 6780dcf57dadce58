package io.permafrost.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many body bytes the server holds, all requests together, for callers whose signature cannot be
 * checked before their body is in (botocore signs small JSON bodies without {@code x-amz-content-sha256}).
 * Such a caller needs only a valid access key id, not its secret, so without a shared bound a few hundred
 * connections each trickling a 1 MiB body would fill the heap. Past the bound a request is refused as
 * throttled, which every SDK retries with backoff; bodies of proven callers do not count.
 */
final class UnprovenBodyBudget {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    UnprovenBodyBudget(long capacity) {
        this.capacity = capacity;
    }

    /** An eighth of the heap limit, at most 64 MiB: room for thousands of real JSON bodies at once. */
    static UnprovenBodyBudget forThisHeap() {
        return new UnprovenBodyBudget(Math.min(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8));
    }

    /** Takes {@code bytes} from the budget; false (and nothing taken) when they do not fit. */
    boolean reserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long inUse() {
        return used.get();
    }
}
