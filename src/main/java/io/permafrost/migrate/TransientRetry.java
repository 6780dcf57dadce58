package io.permafrost.migrate;

import java.util.function.Supplier;

/**
 * Runs a source call again while it fails for a reason that passes (throttling, 503, a retrieval policy's limit,
 * the network), waiting longer each time; anything else is thrown at once. After the last attempt it throws
 * {@link SourceUnavailable}: the caller never treats that as done.
 */
final class TransientRetry {
    private final Backoff backoff;
    private final int attempts;
    private final MigrationCounters counters;

    TransientRetry(Backoff backoff, int attempts, MigrationCounters counters) {
        this.backoff = backoff;
        this.attempts = attempts;
        this.counters = counters;
    }

    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException failure) {
                if (!Failures.retryable(failure)) {
                    throw failure;
                }
                if (attempt + 1 >= attempts) {
                    throw new SourceUnavailable(what, failure);
                }
                pause(attempt);
            }
        }
    }

    /** Waits as long as before retry {@code attempt} (from 0) of a call: for work retried above single calls. */
    void pause(int attempt) {
        counters.sourceRetried();
        Backoff.sleep(backoff.after(attempt));
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }
}
