package io.permafrost.intake;

import io.permafrost.store.MetadataStore;
import io.permafrost.vault.AccessPolicyService;
import io.permafrost.vault.ArchiveImport;
import io.permafrost.vault.NotificationService;
import io.permafrost.vault.TagService;
import io.permafrost.vault.VaultLockService;
import io.permafrost.vault.VaultService;

/**
 * The domain services an intake runs on: the running server's own (so the operator channel shares its
 * gate, clock and lock rules) or, with no server on the storage, ones wired for the command alone.
 */
public record IntakeServices(MetadataStore store, VaultService vaults, ArchiveImport imports,
                             AccessPolicyService accessPolicies, TagService tags, NotificationService notifications,
                             VaultLockService locks, OperatorActions actions, String defaultAccount,
                             io.permafrost.audit.AuditTrail audit /* null: no audit trail on this storage */,
                             String region /* the storage's: how its vault ARNs are spelled */) {

    /** The audit scope of one operator call by {@code who}; {@code AuditScope.NONE} without a trail. */
    public io.permafrost.audit.AuditScope auditScope(String who) {
        return audit == null ? io.permafrost.audit.AuditScope.NONE : audit.openForOperator(who);
    }
}
