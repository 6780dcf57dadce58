package io.permafrost.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.VaultArn;
import io.permafrost.store.LockRecord;
import io.permafrost.store.VaultRecord;
import io.permafrost.vault.ArchiveImport;
import io.permafrost.vault.CallContext;
import io.permafrost.vault.ImportRefused;
import io.permafrost.vault.StorageFull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intake in the process that holds the storage. Archives go through {@link ArchiveImport} (no Glacier
 * operation, so no policy is asked: it only adds). Vault settings go through the ordinary services as the
 * owning account's root, so the destination's own policies, a Locked one included, still decide.
 */
public final class LocalArchiveIntake implements ArchiveIntake {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** AddTagsToVault takes at most this many tags per call. */
    private static final int TAGS_PER_CALL = 10;

    private final IntakeServices services;
    private final String who;
    private final Runnable onClose;

    /** @param operator the OS user on whose behalf the calls run, for the audit trail */
    public LocalArchiveIntake(IntakeServices services, String operator) {
        this(services, operator, () -> { });
    }

    /** @param onClose lets go of what was opened for this intake alone (a command's own storage) */
    public LocalArchiveIntake(IntakeServices services, String operator, Runnable onClose) {
        this.services = services;
        this.who = "operator:" + operator;
        this.onClose = onClose;
    }

    @Override
    public void ensureVault(String accountId, String vaultName) {
        if (services.store().vaults().find(accountId, vaultName).isPresent()) {
            return;
        }
        CallContext owner = asOwner(accountId);
        // As the API's route names it: the gate authorizes CreateVault at the account, the record names the vault.
        owner.audit().authorizing(io.permafrost.glacier.Operation.CreateVault, accountId, vaultName);
        settingsCall(() -> services.vaults().create(owner, accountId, vaultName));
        services.actions().performed(who, "CreateVault", accountId, vaultName, null);
    }

    @Override
    public boolean contains(String accountId, String vaultName, String archiveId) {
        return services.store().vaults().find(accountId, vaultName)
                .flatMap(vault -> services.store().archives().find(vault.id(), archiveId))
                .isPresent();
    }

    @Override
    public Optional<String> storedTreeHash(String accountId, String vaultName, String archiveId) {
        return services.store().vaults().find(accountId, vaultName)
                .flatMap(vault -> services.store().archives().find(vault.id(), archiveId))
                .map(io.permafrost.store.ArchiveRecord::treeHash);
    }

    @Override
    public void importArchive(String accountId, String vaultName, ImportedArchive archive, InputStream body) {
        try {
            services.imports().importArchive(accountId, vaultName, new ArchiveImport.Source(archive.archiveId(),
                    archive.description(), archive.creationDate(), archive.size(), archive.treeHash()), body,
                    services.auditScope(who));
        } catch (ImportRefused e) {
            throw new IntakeRefused(IntakeRefused.Reason.valueOf(e.reason().name()), e.getMessage());
        } catch (RuntimeException e) {
            // The metadata store away (a cluster's database down) or full: resumable, never a half import.
            throw storeFailure("archive " + archive.archiveId(), e);
        }
        services.actions().performed(who, "ImportArchive", accountId, vaultName, archive.archiveId());
    }

    @Override
    public Optional<String> applySettings(String accountId, String vaultName, VaultSettings settings) {
        VaultRecord vault = services.store().vaults().find(accountId, vaultName).orElseThrow(() ->
                new IntakeRefused(IntakeRefused.Reason.NO_SUCH_VAULT, "no vault " + vaultName + " in account " + accountId));
        return apply(vault, namingDestination(vault, settings));
    }

    /**
     * The settings with their policies naming this vault: the source vault's ARN in a Resource is rewritten to this
     * vault's (another name, account or region), so a lock the user completes here protects what it did there.
     */
    private VaultSettings namingDestination(VaultRecord vault, VaultSettings settings) {
        if (settings.writtenFor() == null) {
            return settings;
        }
        PolicyResourceRewrite rewrite = new PolicyResourceRewrite(settings.writtenFor(),
                new VaultArn(services.region(), vault.accountId(), vault.name()).arn());
        return new VaultSettings(rewrite.rewrite(settings.accessPolicyJson()), settings.tags(),
                settings.notifications(), rewrite.rewrite(settings.lockPolicyJson()), settings.writtenFor());
    }

    private Optional<String> apply(VaultRecord vault, VaultSettings settings) {
        String accountId = vault.accountId();
        String vaultName = vault.name();
        CallContext owner = asOwner(accountId);
        if (settings.accessPolicyJson() != null) {
            settingsCall(() -> services.accessPolicies().set(owner, accountId, vaultName, settings.accessPolicyJson()));
            services.actions().performed(who, "SetVaultAccessPolicy", accountId, vaultName, null);
        }
        if (!settings.tags().isEmpty()) {
            for (Map<String, String> batch : batches(settings.tags())) {
                settingsCall(() -> services.tags().add(owner, accountId, vaultName, batch));
            }
            services.actions().performed(who, "AddTagsToVault", accountId, vaultName, null);
        }
        if (settings.notifications() != null) {
            settingsCall(() -> services.notifications().set(owner, accountId, vaultName,
                    settings.notifications().snsTopic(), settings.notifications().events()));
            services.actions().performed(who, "SetVaultNotifications", accountId, vaultName, null);
        }
        if (settings.lockPolicyJson() == null) {
            return Optional.empty();
        }
        return recreateLock(vault, owner, settings.lockPolicyJson());
    }

    /**
     * Initiates an InProgress lock with the source's policy; never completes one. A lock already there is
     * never replaced: with the same policy it is an earlier run's (its id again while InProgress, nothing
     * once the operator completed it), with another policy it is refused.
     */
    private Optional<String> recreateLock(VaultRecord vault, CallContext owner, String policy) {
        try {
            String lockId = services.locks().initiate(owner, vault.accountId(), vault.name(), policy);
            services.actions().performed(who, "InitiateVaultLock", vault.accountId(), vault.name(), lockId);
            return Optional.of(lockId);
        } catch (GlacierException e) {
            Optional<LockRecord> existing = services.store().vaults().lock(vault.id());
            if (e.errorCode() != ErrorCode.ACCESS_DENIED || existing.isEmpty()) {
                throw refusal(e);
            }
            if (!samePolicy(existing.get().policy(), policy)) {
                throw new IntakeRefused(IntakeRefused.Reason.LOCK_EXISTS, "vault " + vault.name() + " already has a "
                        + (existing.get().state() == LockRecord.LockState.LOCKED ? "Locked" : "InProgress")
                        + " lock with another policy; it is left as it is");
            }
            return existing.get().state() == LockRecord.LockState.IN_PROGRESS
                    ? Optional.of(existing.get().lockId()) : Optional.empty();
        }
    }

    private static boolean samePolicy(String a, String b) {
        try {
            JsonNode left = JSON.readTree(a);
            return left.equals(JSON.readTree(b));
        } catch (java.io.IOException e) {
            return a.equals(b);
        }
    }

    private static List<Map<String, String>> batches(Map<String, String> tags) {
        List<Map<String, String>> batches = new ArrayList<>();
        Map<String, String> current = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> tag : new java.util.TreeMap<>(tags).entrySet()) {
            current.put(tag.getKey(), tag.getValue());
            if (current.size() == TAGS_PER_CALL) {
                batches.add(current);
                current = new java.util.LinkedHashMap<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /** The account's root, as the operator acts; each call its own audit scope, recorded as the operator's. */
    private CallContext asOwner(String accountId) {
        return new CallContext(Caller.root(accountId), "127.0.0.1", true, "permafrost-operator",
                services.auditScope(who));
    }

    private static void settingsCall(Runnable call) {
        try {
            call.run();
        } catch (GlacierException e) {
            throw refusal(e);
        } catch (IntakeRefused e) {
            throw e;
        } catch (RuntimeException e) {
            throw storeFailure("vault settings", e);
        }
    }

    /** A store write that failed outright: out of space, or the store away. Either passes: stop, run again later. */
    private static IntakeRefused storeFailure(String what, RuntimeException e) {
        if (StorageFull.isCauseOf(e)) {
            return new IntakeRefused(IntakeRefused.Reason.STORE_FULL, what + ": " + StorageFull.refusal(e).getMessage());
        }
        return new IntakeRefused(IntakeRefused.Reason.UNAVAILABLE, what + ": " + e.getMessage());
    }

    private static IntakeRefused refusal(GlacierException e) {
        IntakeRefused.Reason reason = switch (e.errorCode()) {
            case ACCESS_DENIED -> IntakeRefused.Reason.DENIED;
            case RESOURCE_NOT_FOUND -> IntakeRefused.Reason.NO_SUCH_VAULT;
            case SERVICE_UNAVAILABLE -> IntakeRefused.Reason.UNAVAILABLE;
            default -> IntakeRefused.Reason.INVALID_RECORD;
        };
        return new IntakeRefused(reason, e.getMessage());
    }

    @Override
    public String defaultAccount() {
        return services.defaultAccount();
    }

    @Override
    public void close() {
        onClose.run();
    }
}
