package io.permafrost.vault;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.Operation;
import io.permafrost.store.VaultRecord;

import java.util.Map;

/**
 * The console's policy simulator: what the real gate would decide for any principal doing an action
 * on one of the asker's vaults, and which statement decided. It reveals the vault's policies, so the
 * asker must be allowed to read them (GetVaultAccessPolicy) exactly as if reading them on the wire.
 */
public final class AccessSimulator {
    private final AccessGate gate;
    private final ArchiveService archives;

    public AccessSimulator(AccessGate gate, ArchiveService archives) {
        this.gate = gate;
        this.archives = archives;
    }

    /**
     * @param principal who the question is about (the account root, one of its users, another account)
     * @param archiveId the archive the action is about, or null (its age feeds {@code glacier:ArchiveAgeInDays})
     */
    public AccessExplanation simulate(CallContext ctx, String vaultName, Caller principal, Operation operation,
                                      String archiveId) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.GetVaultAccessPolicy, "-", vaultName, v -> Map.of());
        CallContext asked = new CallContext(principal, ctx.sourceIp(), ctx.secureTransport(), ctx.userAgent());
        String archive = archiveId == null || archiveId.isBlank() ? null : archiveId.trim();
        return gate.explain(asked, operation, vault.accountId(), vault.name(), v -> archives.archiveAgeKey(v, archive))
                .orElseThrow(() -> gate.vaultGone(vault));
    }
}
