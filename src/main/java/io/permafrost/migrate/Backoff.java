package io.permafrost.migrate;

import java.time.Duration;

/** Exponential waits from {@code first} doubling up to {@code max}: between retries and between job polls. */
public record Backoff(Duration first, Duration max, double factor) {

    Duration after(int attempt) {
        double millis = first.toMillis() * Math.pow(factor, Math.max(0, attempt));
        return Duration.ofMillis((long) Math.min(millis, max.toMillis()));
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationInterrupted();
        }
    }
}
