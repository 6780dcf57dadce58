package io.permafrost.migrate;

/** The source kept failing (unreachable, throttled, 5xx) after every retry: the work is not done, a re-run retries it. */
final class SourceUnavailable extends RuntimeException {
    SourceUnavailable(String what, RuntimeException last) {
        super(what + ": " + Failures.describe(last), last);
    }
}
