package io.permafrost.clock;

import java.time.Instant;

/** The machine's own clocks: {@link Instant#now()} and {@link System#nanoTime()}. */
public enum SystemTimeSource implements TimeSource {
    INSTANCE;

    @Override
    public Instant systemTime() {
        return Instant.now();
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }
}
