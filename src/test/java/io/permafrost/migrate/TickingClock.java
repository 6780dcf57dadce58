package io.permafrost.migrate;

import io.permafrost.testing.MutableClock;

import java.time.Duration;

/**
 * Moves a test server's clock along with real time, so a source configured with job delays in seconds completes
 * its jobs while a migrator (which signs with the real clock) waits for them.
 */
final class TickingClock implements AutoCloseable {
    private final Thread ticker;

    TickingClock(MutableClock clock) {
        ticker = new Thread(() -> {
            long last = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                clock.advance(Duration.ofNanos(now - last));
                last = now;
            }
        }, "ticking-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void close() throws InterruptedException {
        ticker.interrupt();
        ticker.join();
    }
}
