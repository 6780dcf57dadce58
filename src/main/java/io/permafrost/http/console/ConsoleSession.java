package io.permafrost.http.console;

import io.permafrost.glacier.Caller;
import io.permafrost.session.ConsoleSessionStore;
import io.permafrost.session.ConsoleSessionStore.StoredSession;

import java.time.Instant;

/**
 * One signed-in browser, as one request sees it: who it acts as and the token its forms must carry. What
 * outlives the request (the one-time message, the lock ids) is read from and written to the session store,
 * so the next request may land on any node.
 */
final class ConsoleSession {
    private final String id;
    private final StoredSession stored;
    private final Caller caller;
    private final ConsoleSessionStore store;

    ConsoleSession(String id, StoredSession stored, Caller caller, ConsoleSessionStore store) {
        this.id = id;
        this.stored = stored;
        this.caller = caller;
        this.store = store;
    }

    /** The cookie's token; the store knows only its hash. */
    String id() {
        return id;
    }

    String csrfToken() {
        return stored.csrfToken();
    }

    Caller caller() {
        return caller;
    }

    String accessKeyId() {
        return stored.accessKeyId();
    }

    Instant createdAt() {
        return stored.createdAt();
    }

    /** A one-time message for the next page shown (after a redirect that followed a successful form). */
    void flash(String message) {
        store.setFlash(stored.tokenHash(), message);
    }

    String takeFlash() {
        return store.takeFlash(stored.tokenHash());
    }

    /** Lock ids this session's InitiateVaultLock calls returned, by vault: CompleteVaultLock needs them back. */
    void rememberLockId(String vault, String lockId) {
        store.rememberLockId(stored.tokenHash(), vault, lockId);
    }

    String lockId(String vault) {
        return store.lockId(stored.tokenHash(), vault).orElse(null);
    }
}
