package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import java.time.Clock;
import java.util.Map;

/** Set/Get/DeleteVaultAccessPolicy: freely changeable, independent of the lock (spec 13). */
public final class AccessPolicyService {
    static final String INVALID_ACCESS_POLICY = "The specified vault access policy is invalid. Provide a valid policy.";

    private final MetadataStore store;
    private final AccessGate gate;
    /** The compliance clock: the access policy history is evidence, dated like retention. */
    private final Clock clock;

    public AccessPolicyService(MetadataStore store, AccessGate gate, Clock clock) {
        this.store = store;
        this.gate = gate;
        this.clock = clock;
    }

    public void set(CallContext ctx, String accountInUrl, String vaultName, String policy) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.SetVaultAccessPolicy, accountInUrl, vaultName,
                v -> Map.of());
        // Same shape as the known lock-policy message (spec 13.1).
        ResourcePolicyDocument.requireValid(policy, INVALID_ACCESS_POLICY);
        ctx.audit().write(() -> store.vaults().setAccessPolicy(vault.id(), change(ctx.caller().arn(), policy)));
    }

    public String get(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.GetVaultAccessPolicy, accountInUrl, vaultName,
                v -> Map.of());
        return store.vaults().accessPolicy(vault.id())
                .orElseThrow(() -> GlacierException.notFound("No vault access policy is set for: " + vaultName));
    }

    public void delete(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.DeleteVaultAccessPolicy, accountInUrl, vaultName,
                v -> Map.of());
        ctx.audit().write(() -> store.vaults().setAccessPolicy(vault.id(), change(ctx.caller().arn(), null)));
    }

    private AccessPolicyChange change(String principal, String policy) {
        return new AccessPolicyChange(clock.instant(), principal, policy);
    }
}
