package io.permafrost.http.console;

import io.permafrost.glacier.Caller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signed-in sessions, held server-side and keyed by a random 256-bit id (the cookie's only
 * content). A session ends when it is idle too long, when it is too old whatever its use, or on
 * sign-out; an ended session is forgotten the moment it is looked up.
 */
final class ConsoleSessions {
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(8);

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    ConsoleSessions(Clock clock, Duration idle, Duration absolute) {
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    ConsoleSession open(Caller caller, String accessKeyId) {
        pruneEnded();
        ConsoleSession session = new ConsoleSession(SessionTokens.fresh(), SessionTokens.fresh(), caller, accessKeyId,
                clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of that id, its idle timer restarted; empty when unknown or ended. */
    Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (ended(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.seenAt(now);
        return Optional.of(session);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private boolean ended(ConsoleSession session, Instant now) {
        return !now.isBefore(session.lastSeen().plus(idle)) || !now.isBefore(session.createdAt().plus(absolute));
    }

    /** Keeps the map bounded by live sessions: sessions nobody looks up again would otherwise stay forever. */
    private void pruneEnded() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> ended(s, now));
    }
}
