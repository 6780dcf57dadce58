package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.AccessPolicyService;
import io.permafrost.vault.VaultLockService;
import io.permafrost.vault.VaultLockService.LockDescription;

import java.util.HashMap;
import java.util.Map;

/** Vault access policy and Vault Lock on the wire (spec 13, 14): both carry {@code {"Policy": "<document>"}}. */
public final class PolicyRoutes {
    private final AccessPolicyService accessPolicies;
    private final VaultLockService locks;

    public PolicyRoutes(AccessPolicyService accessPolicies, VaultLockService locks) {
        this.accessPolicies = accessPolicies;
        this.locks = locks;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.SetVaultAccessPolicy, ex -> {
            accessPolicies.set(ex.context(), ex.account(), ex.vault(), policyMember(ex.jsonBody(), "vault access policy"));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.GetVaultAccessPolicy, ex ->
                ex.respondJson(200, Map.of("Policy", accessPolicies.get(ex.context(), ex.account(), ex.vault()))));
        registry.register(Operation.DeleteVaultAccessPolicy, ex -> {
            accessPolicies.delete(ex.context(), ex.account(), ex.vault());
            ex.respond(204, Map.of());
        });
        registry.register(Operation.InitiateVaultLock, ex -> {
            String lockId = locks.initiate(ex.context(), ex.account(), ex.vault(),
                    policyMember(ex.jsonBody(), "vault lock policy"));
            ex.respond(201, Map.of("x-amz-lock-id", lockId));
        });
        registry.register(Operation.CompleteVaultLock, ex -> {
            locks.complete(ex.context(), ex.account(), ex.vault(), ex.pathParam("lockId"));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.AbortVaultLock, ex -> {
            locks.abort(ex.context(), ex.account(), ex.vault());
            ex.respond(204, Map.of());
        });
        registry.register(Operation.GetVaultLock, ex -> {
            LockDescription lock = locks.get(ex.context(), ex.account(), ex.vault());
            Map<String, Object> body = new HashMap<>();
            body.put("Policy", lock.policy());
            body.put("State", lock.locked() ? "Locked" : "InProgress");
            body.put("ExpirationDate", GlacierDates.millis(lock.expirationDate()));
            body.put("CreationDate", GlacierDates.millis(lock.creationDate()));
            ex.respondJson(200, body);
        });
    }

    /**
     * The {@code Policy} member must hold the document as a JSON string. Sending the document as an
     * object is the mistake users make most; it gets the invalid-policy error with a hint.
     */
    private static String policyMember(JsonNode body, String what) {
        JsonNode policy = body.get("Policy");
        if (policy == null || policy.isNull()) {
            throw GlacierException.missingParameter("Policy");
        }
        if (!policy.isTextual()) {
            String prefix = what.equals("vault lock policy")
                    ? "The specified vault lock policy is invalid. Provide a valid policy. "
                    : "The specified vault access policy is invalid. Provide a valid policy. ";
            throw GlacierException.invalidParameter(prefix + "The Policy member must be the policy document as a "
                    + "JSON string, not a JSON " + policy.getNodeType().name().toLowerCase());
        }
        return policy.textValue();
    }
}
