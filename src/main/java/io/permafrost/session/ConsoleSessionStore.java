package io.permafrost.session;

import java.time.Instant;
import java.util.Optional;

/**
 * The web console's signed-in sessions, kept where the metadata is, so that every node of a cluster knows
 * every session (no sticky load balancer needed) and a sign-out on one node ends it on all of them at once.
 * A session is known only by the SHA-256 of its cookie's token: the table holds nothing a reader could
 * present as a cookie. Times are the compliance clock's (the database's in a cluster), like other expiries.
 */
public interface ConsoleSessionStore {

    /**
     * One session: whose key signed in, the token its forms must carry, when it began and when it ends (the
     * earlier of its idle limit, moved on by each use, and its absolute limit, which nothing moves).
     */
    record StoredSession(String tokenHash, String accessKeyId, String csrfToken, Instant createdAt,
                         Instant absoluteEnd, Instant endsAt) {
    }

    void insert(StoredSession session);

    /**
     * The session, its end moved to {@code idleEnd} (never past its absolute end), when it has not ended at
     * {@code now}; an ended one is deleted and not returned.
     */
    Optional<StoredSession> touch(String tokenHash, Instant now, Instant idleEnd);

    /** Ends the session (for every node at once); nothing when it is already gone. */
    void delete(String tokenHash);

    /** Deletes the sessions that ended at or before {@code now}; how many. */
    int pruneEnded(Instant now);

    /** The one-time message for the session's next page (after a redirect that followed a form). */
    void setFlash(String tokenHash, String message);

    /** The session's one-time message, removed as it is taken; null when there is none. */
    String takeFlash(String tokenHash);

    /** A lock id an InitiateVaultLock of this session returned: its CompleteVaultLock needs it back. */
    void rememberLockId(String tokenHash, String vault, String lockId);

    Optional<String> lockId(String tokenHash, String vault);
}
