package io.permafrost.http.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds guessing of secrets through the sign-in form: after a few failures for one access key, or
 * from one remote address, further attempts are refused for a while that doubles with each failure
 * (capped). Keyed both ways so that neither many keys from one address nor one key from many
 * addresses goes unbounded. A success clears that key's and that address's count.
 */
final class SignInThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    /** Beyond this many tracked keys and addresses, the oldest state is dropped rather than memory grown. */
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long until this key from this address may try again; empty when it may try now. */
    Optional<Duration> waitBefore(String accessKeyId, String address) {
        Instant now = clock.instant();
        Duration wait = longer(remaining(byKey.get(accessKeyId), now), remaining(byAddress.get(address), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String accessKeyId, String address) {
        Instant now = clock.instant();
        if (byKey.size() + byAddress.size() > MAX_TRACKED) {
            byKey.clear();
            byAddress.clear();
        }
        byKey.merge(accessKeyId, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        byAddress.merge(address, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    }

    void succeeded(String accessKeyId, String address) {
        byKey.remove(accessKeyId);
        byAddress.remove(address);
    }

    private static Duration remaining(Failures failures, Instant now) {
        if (failures == null || failures.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures.count() - FREE_FAILURES, 10);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        Duration left = Duration.between(now, failures.last().plus(backoff));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
