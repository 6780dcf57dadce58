package io.permafrost.testing;

import java.util.function.Supplier;

/**
 * Waits for something the server does just after the client has its answer (a request's access-log
 * line and meters are recorded when Jetty completes the exchange, a moment after the last byte went
 * out). Not a timing assertion: the bound only keeps a broken build from hanging.
 */
public final class Eventually {
    private static final long GIVE_UP_MILLIS = 10_000;

    private Eventually() {
    }

    /** Returns the first value {@code condition} accepts, asking again every few milliseconds. */
    public static <T> T value(Supplier<T> probe, java.util.function.Predicate<T> condition) {
        long giveUpAt = System.currentTimeMillis() + GIVE_UP_MILLIS;
        T value = probe.get();
        while (!condition.test(value)) {
            if (System.currentTimeMillis() > giveUpAt) {
                throw new AssertionError("still not as expected: " + value);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = probe.get();
        }
        return value;
    }
}
