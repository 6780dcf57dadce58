package io.permafrost.http.console;

import io.permafrost.glacier.Caller;

import java.time.Instant;

/**
 * One signed-in browser: who it acts as and the token its forms must carry. Held only in the server's
 * memory, so a restart signs everyone out (nothing secret is ever written to disk for it).
 */
final class ConsoleSession {
    private final String id;
    private final String csrfToken;
    private final Caller caller;
    private final String accessKeyId;
    private final Instant createdAt;
    private volatile Instant lastSeen;
    /** A one-time message for the next page shown (after a redirect that followed a successful form). */
    private volatile String flash;
    /** Lock ids this session's InitiateVaultLock calls returned, by vault: CompleteVaultLock needs them back. */
    private final java.util.Map<String, String> lockIds = new java.util.concurrent.ConcurrentHashMap<>();

    ConsoleSession(String id, String csrfToken, Caller caller, String accessKeyId, Instant createdAt) {
        this.id = id;
        this.csrfToken = csrfToken;
        this.caller = caller;
        this.accessKeyId = accessKeyId;
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    String id() {
        return id;
    }

    String csrfToken() {
        return csrfToken;
    }

    Caller caller() {
        return caller;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void flash(String message) {
        flash = message;
    }

    String takeFlash() {
        String message = flash;
        flash = null;
        return message;
    }

    void rememberLockId(String vault, String lockId) {
        lockIds.put(vault, lockId);
    }

    String lockId(String vault) {
        return lockIds.get(vault);
    }

    void seenAt(Instant now) {
        lastSeen = now;
    }
}
