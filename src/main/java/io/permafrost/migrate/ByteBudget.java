package io.permafrost.migrate;

import java.util.function.LongSupplier;

/**
 * A token bucket over requested bytes: at most {@code bytesPerHour} retrieved per hour, refilled continuously,
 * holding at most an hour's worth. A retrieval larger than an hour's budget waits for a full bucket and then
 * leaves it in debt, so it is delayed rather than refused forever.
 */
final class ByteBudget {
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

    private final long bytesPerHour;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long refilledAt;

    interface Sleeper {
        void sleepNanos(long nanos);
    }

    ByteBudget(long bytesPerHour, LongSupplier nanoTime, Sleeper sleeper) {
        if (bytesPerHour <= 0) {
            throw new IllegalArgumentException("a byte budget must be positive, got " + bytesPerHour);
        }
        this.bytesPerHour = bytesPerHour;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = bytesPerHour;
        this.refilledAt = nanoTime.getAsLong();
    }

    static ByteBudget perHour(long bytesPerHour) {
        return new ByteBudget(bytesPerHour, System::nanoTime,
                nanos -> Backoff.sleep(java.time.Duration.ofNanos(nanos)));
    }

    long bytesPerHour() {
        return bytesPerHour;
    }

    /** Blocks until {@code bytes} may be requested from the source. */
    void acquire(long bytes) {
        long needed = Math.min(bytes, bytesPerHour);
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (tokens >= needed) {
                    tokens -= bytes;
                    return;
                }
                wait = (long) Math.ceil((needed - tokens) * NANOS_PER_HOUR / bytesPerHour);
            }
            sleeper.sleepNanos(Math.max(wait, 1_000_000L));
        }
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(bytesPerHour, tokens + (double) (now - refilledAt) * bytesPerHour / NANOS_PER_HOUR);
        refilledAt = now;
    }
}
