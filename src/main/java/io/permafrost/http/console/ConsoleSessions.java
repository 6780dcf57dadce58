package io.permafrost.http.console;

import io.permafrost.auth.Credential;
import io.permafrost.auth.CredentialStore;
import io.permafrost.session.ConsoleSessionStore;
import io.permafrost.session.ConsoleSessionStore.StoredSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The signed-in sessions, each known by a random 256-bit token (the cookie's only content) and kept in
 * the metadata store under the token's SHA-256, so any node answers any session and a restart keeps it. A
 * session ends when it is idle too long, when it is too old whatever its use, on sign-out, or when its
 * access key is no longer configured; an ended session is forgotten the moment it is looked up.
 */
final class ConsoleSessions {
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(8);

    private final ConsoleSessionStore store;
    private final CredentialStore credentials;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    /** {@code clock}: the compliance clock (the database's in a cluster), so every node ends a session alike. */
    ConsoleSessions(ConsoleSessionStore store, CredentialStore credentials, Clock clock, Duration idle,
                    Duration absolute) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    ConsoleSession open(Credential credential) {
        Instant now = clock.instant();
        // Keeps the table bounded by live sessions: sessions nobody looks up again would otherwise stay forever.
        store.pruneEnded(now);
        String token = SessionTokens.fresh();
        Instant absoluteEnd = now.plus(absolute);
        Instant idleEnd = now.plus(idle);
        StoredSession stored = new StoredSession(SessionTokens.hash(token), credential.accessKeyId(),
                SessionTokens.fresh(), now, absoluteEnd, idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd);
        store.insert(stored);
        return new ConsoleSession(token, stored, credential.caller(), store);
    }

    /** The live session of that token, its idle timer restarted; empty when unknown or ended. */
    Optional<ConsoleSession> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Instant now = clock.instant();
        Optional<StoredSession> stored = store.touch(hash, now, now.plus(idle));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Optional<Credential> credential = credentials.find(stored.get().accessKeyId());
        if (credential.isEmpty()) {
            store.delete(hash); // the key was removed from the configuration: so is what it signed in
            return Optional.empty();
        }
        return Optional.of(new ConsoleSession(token, stored.get(), credential.get().caller(), store));
    }

    /** Ends the session on every node at once. */
    void close(String token) {
        if (token != null) {
            store.delete(SessionTokens.hash(token));
        }
    }
}
