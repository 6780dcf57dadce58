package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.glacier.Operation;
import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Vault Lock (spec 14): Initiate -> InProgress (enforced, abortable, expires) -> Complete -> Locked
 * for ever. There is deliberately no operation here, or anywhere, that changes or removes a Locked
 * policy; the store refuses it as well.
 */
public final class VaultLockService {
    static final String INVALID_LOCK_POLICY = "The specified vault lock policy is invalid. Provide a valid policy.";

    private final MetadataStore store;
    private final AccessGate gate;
    private final ObjectLockRetention retention;
    private final IdGenerator ids;
    private final Clock clock;
    private final ServiceSettings settings;

    public VaultLockService(MetadataStore store, AccessGate gate, ObjectLockRetention retention, IdGenerator ids,
                            Clock clock, ServiceSettings settings) {
        this.store = store;
        this.gate = gate;
        this.retention = retention;
        this.ids = ids;
        this.clock = clock;
        this.settings = settings;
    }

    /** Starts a lock; returns the lock id. */
    public String initiate(CallContext ctx, String accountInUrl, String vaultName, String policy) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.InitiateVaultLock, accountInUrl, vaultName,
                v -> Map.of());
        ResourcePolicyDocument.requireValid(policy, INVALID_LOCK_POLICY);
        Instant now = clock.instant();
        LockRecord current = store.vaults().lock(vault.id()).orElse(null);
        rejectIfLive(vault, vaultName, current, now);
        LockRecord next = new LockRecord(policy, LockState.IN_PROGRESS, ids.lockId(), now,
                now.plus(settings.lockExpiry()));
        ctx.audit().subject(next.lockId());
        if (!ctx.audit().write(() -> store.vaults().replaceLock(vault.id(), current, next), replaced -> replaced)) {
            // Someone else changed the lock (or deleted the vault) between our read and our write: report what
            // is there now.
            requireStillExists(vault);
            rejectIfLive(vault, vaultName, store.vaults().lock(vault.id()).orElse(null), now);
            throw GlacierException.accessDenied("Vault lock changed concurrently for vault: " + arn(vault, vaultName));
        }
        return next.lockId();
    }

    private void rejectIfLive(VaultRecord vault, String vaultName, LockRecord current, Instant now) {
        if (current == null || !current.isLiveAt(now)) {
            return;
        }
        if (current.state() == LockState.LOCKED) {
            throw GlacierException.accessDenied("Vault is already locked: " + arn(vault, vaultName));
        }
        throw GlacierException.accessDenied("Vault lock is already in progress for vault: " + arn(vault, vaultName));
    }

    public void complete(CallContext ctx, String accountInUrl, String vaultName, String lockId) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.CompleteVaultLock, accountInUrl, vaultName,
                v -> Map.of());
        Optional<LockRecord> live = liveLock(vault);
        if (live.isEmpty()) {
            throw GlacierException.invalidParameter("No vault lock is in progress for vault: " + arn(vault, vaultName)
                    + " (lock ID " + lockId + " is not valid)");
        }
        LockRecord current = live.get();
        boolean sameId = sameLockId(current.lockId(), lockId);
        if (current.state() == LockState.LOCKED) {
            if (sameId) {
                // A retry of a completion whose retention extension was cut off finishes it here.
                extendRetention(vault);
                return;
            }
            throw lockedForever(vault, vaultName);
        }
        if (!sameId) {
            throw GlacierException.invalidParameter("Invalid lock ID: " + lockId);
        }
        LockRecord locked = new LockRecord(current.policy(), LockState.LOCKED, current.lockId(),
                current.creationDate(), null, clock.instant());
        // Noted before the lock is Locked, so a crash before its extension ends leaves it to the next start.
        retention.expectExtension(vault);
        if (!ctx.audit().write(() -> store.vaults().replaceLock(vault.id(), current, locked), replaced -> replaced)) {
            requireStillExists(vault);
            LockRecord after = liveLock(vault).orElse(null);
            if (after != null && after.state() == LockState.LOCKED && sameLockId(after.lockId(), lockId)) {
                extendRetention(vault);
                return;
            }
            throw GlacierException.invalidParameter("Invalid lock ID: " + lockId);
        }
        extendRetention(vault);
    }

    /**
     * The lock is Locked for ever now; a failure to extend the store's retention answers 500 so the
     * client retries (the retry lands in the same-lock-id path above and extends again, idempotently).
     */
    private void extendRetention(VaultRecord vault) {
        try {
            retention.extendExisting(vault);
        } catch (java.io.IOException e) {
            throw new GlacierException(ErrorCode.SERVICE_UNAVAILABLE,
                    "The vault is locked; extending the object store's retention failed, retry: " + e.getMessage());
        }
    }

    public void abort(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.AbortVaultLock, accountInUrl, vaultName, v -> Map.of());
        Optional<LockRecord> live = liveLock(vault);
        if (live.isEmpty()) {
            return;
        }
        if (live.get().state() == LockState.LOCKED) {
            throw lockedForever(vault, vaultName);
        }
        if (!ctx.audit().write(() -> store.vaults().replaceLock(vault.id(), live.get(), null), replaced -> replaced)) {
            // Lost a race: another abort already removed it (fine, abort is idempotent), or it was completed.
            Optional<LockRecord> after = liveLock(vault);
            if (after.isPresent() && after.get().state() == LockState.LOCKED) {
                throw lockedForever(vault, vaultName);
            }
            if (after.isPresent()) {
                throw GlacierException.accessDenied("Vault lock changed concurrently for vault: " + arn(vault, vaultName));
            }
        }
    }

    /** A live lock as GetVaultLock reports it; {@code expirationDate} is null once locked. */
    public record LockDescription(String policy, boolean locked, Instant creationDate, Instant expirationDate) {
    }

    public LockDescription get(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.GetVaultLock, accountInUrl, vaultName, v -> Map.of());
        return liveLock(vault)
                .map(lock -> new LockDescription(lock.policy(), lock.state() == LockState.LOCKED, lock.creationDate(),
                        lock.expirationDate()))
                .orElseThrow(() -> GlacierException.notFound("No vault lock policy is set for: " + vaultName));
    }

    /** Physically removes expired in-progress locks (they are already ignored everywhere once expired). */
    public int expireLocks() {
        return store.vaults().deleteExpiredLocks(clock.instant());
    }

    private Optional<LockRecord> liveLock(VaultRecord vault) {
        Instant now = clock.instant();
        return store.vaults().lock(vault.id()).filter(lock -> lock.isLiveAt(now));
    }

    /** A vault deleted since the gate read it answers as a missing vault, as it would have a moment later. */
    private void requireStillExists(VaultRecord vault) {
        if (store.vaults().find(vault.accountId(), vault.name()).filter(v -> v.id() == vault.id()).isEmpty()) {
            throw gate.vaultGone(vault);
        }
    }

    private GlacierException lockedForever(VaultRecord vault, String vaultName) {
        return GlacierException.accessDenied("Vault lock is locked and cannot be changed: " + arn(vault, vaultName));
    }

    private String arn(VaultRecord vault, String vaultName) {
        return gate.arn(vault.accountId(), vaultName).arn();
    }

    private static boolean sameLockId(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
