package io.permafrost.vault;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.VaultArn;
import io.permafrost.policy.AuthorizationRequest;
import io.permafrost.policy.ConditionContext;
import io.permafrost.policy.Decision;
import io.permafrost.policy.Policy;
import io.permafrost.policy.PolicyEvaluator;
import io.permafrost.policy.PolicyKind;
import io.permafrost.store.LockRecord;
import io.permafrost.store.VaultAccessView;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one authorization gate every operation passes, whoever calls it (HTTP or admin command):
 * resolves the account id of the URL, gathers the caller's identity policies and the vault's access
 * and lock policies, and asks the policy evaluator. Explicit Deny wins everywhere; it fails closed.
 */
public final class AccessGate {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    private final VaultStore vaults;
    private final PolicyEvaluator evaluator = new PolicyEvaluator();
    private final PolicyCache policies = new PolicyCache();
    private final Clock clock;
    private final ServiceSettings settings;

    public AccessGate(VaultStore vaults, Clock clock, ServiceSettings settings) {
        this.vaults = vaults;
        this.clock = clock;
        this.settings = settings;
    }

    /** The real account id a URL's {@code {accountId}} names ("-" is the caller's own; spec 3.2). */
    public String ownerAccount(CallContext ctx, Operation operation, String accountInUrl) {
        String own = ctx.caller().accountId();
        if (accountInUrl == null || accountInUrl.isEmpty() || accountInUrl.equals("-")) {
            return own;
        }
        String digits = accountInUrl.replace("-", "");
        if (!ACCOUNT_ID.matcher(digits).matches()) {
            throw new GlacierException(ErrorCode.UNRECOGNIZED_CLIENT, "No account found for the given parameters");
        }
        if (operation.mustBeOwnAccount() && !digits.equals(own)) {
            throw GlacierException.accessDenied("Access denied for account ID: " + accountInUrl);
        }
        return digits;
    }

    public VaultArn arn(String account, String vaultName) {
        return new VaultArn(settings.region(), account, vaultName);
    }

    /**
     * The answer for a vault the gate found but that was deleted before the operation's own write: the
     * same 404 the request would have got a moment later.
     */
    GlacierException vaultGone(VaultRecord vault) {
        return GlacierException.notFound("Vault not found for ARN: " + arn(vault.accountId(), vault.name()).arn());
    }

    /**
     * Authorizes an account-level operation (no vault, or CreateVault's vault-to-be) with identity
     * policies only. Returns the owner account id.
     */
    public String authorizeAccount(CallContext ctx, Operation operation, String accountInUrl, String resourceArn) {
        String account = ownerAccount(ctx, operation, accountInUrl);
        ConditionContext context = baseContext(ctx, account, Map.of()).build();
        Decision decision = decide(ctx.caller(), operation, resourceArn, account, context, List.of());
        if (decision != Decision.ALLOW) {
            throw denied(ctx.caller(), operation, resourceArn, decision);
        }
        return account;
    }

    /**
     * Authorizes a vault operation and returns the vault. {@code extraKeys} adds request-specific
     * condition keys (archive age, requested tags) once the vault is known. A missing vault is 404
     * only for a principal of the owner account whose policies would allow the action; anyone else
     * learns nothing and gets 403 (spec 4.5).
     */
    public VaultRecord authorizeVault(CallContext ctx, Operation operation, String accountInUrl, String vaultName,
                                      Function<VaultRecord, Map<String, List<String>>> extraKeys) {
        String account = ownerAccount(ctx, operation, accountInUrl);
        VaultArn arn = arn(account, vaultName);
        Optional<VaultAccessView> view = VaultNames.isValid(vaultName)
                ? vaults.findForAccess(account, vaultName) : Optional.empty();
        if (view.isEmpty()) {
            boolean sameAccount = account.equals(ctx.caller().accountId());
            ConditionContext context = baseContext(ctx, account, Map.of()).build();
            Decision decision = decide(ctx.caller(), operation, arn.arn(), account, context, List.of());
            if (!sameAccount || decision != Decision.ALLOW) {
                throw denied(ctx.caller(), operation, arn.arn(), decision);
            }
            String named = VaultNames.isValid(vaultName) ? arn.arn() : vaultName;
            throw GlacierException.notFound("Vault not found for ARN: " + named);
        }
        Decision decision = decideOn(ctx, operation, account, arn, view.get(), extraKeys);
        if (decision != Decision.ALLOW) {
            throw denied(ctx.caller(), operation, arn.arn(), decision);
        }
        return view.get().vault();
    }

    /**
     * The decision {@link #authorizeVault} made, to be taken again on the vault's tags, access policy and
     * lock as the operation's own write transaction reads them: a lock completed, a legal-hold tag set or a
     * policy changed (on any node) after the first decision is then seen before anything is changed.
     * Call it only after {@link #authorizeVault} allowed the operation; a refusal is answered by asking
     * {@link #authorizeVault} again, which now sees the same state and throws the precise error.
     */
    public Predicate<VaultAccessView> stillAllows(CallContext ctx, Operation operation, String accountInUrl,
                                                  Function<VaultRecord, Map<String, List<String>>> extraKeys) {
        String account = ownerAccount(ctx, operation, accountInUrl);
        return view -> decideOn(ctx, operation, account, arn(account, view.vault().name()), view, extraKeys)
                == Decision.ALLOW;
    }

    private Decision decideOn(CallContext ctx, Operation operation, String account, VaultArn arn, VaultAccessView view,
                              Function<VaultRecord, Map<String, List<String>>> extraKeys) {
        ConditionContext.Builder context = baseContext(ctx, account, view.tags());
        extraKeys.apply(view.vault()).forEach(context::put);
        return decide(ctx.caller(), operation, arn.arn(), account, context.build(), resourcePolicies(view));
    }

    private List<Policy> resourcePolicies(VaultAccessView view) {
        List<Policy> resource = new ArrayList<>(2);
        if (view.accessPolicy() != null) {
            resource.add(policies.get(view.accessPolicy(), PolicyKind.RESOURCE));
        }
        // An in-progress lock is enforced already (that is how AWS lets you test it); an expired one is gone.
        LockRecord lock = view.lock();
        if (lock != null && lock.isLiveAt(clock.instant())) {
            resource.add(policies.get(lock.policy(), PolicyKind.RESOURCE));
        }
        return resource;
    }

    private Decision decide(Caller caller, Operation operation, String resourceArn, String resourceAccount,
                            ConditionContext context, List<Policy> resourcePolicies) {
        List<Policy> identity = new ArrayList<>(caller.identityPolicies().size());
        for (String document : caller.identityPolicies()) {
            identity.add(policies.get(document, PolicyKind.IDENTITY));
        }
        AuthorizationRequest request = new AuthorizationRequest(caller.arn(), caller.accountId(), caller.isRoot(),
                operation.iamAction(), resourceArn, resourceAccount, context);
        return evaluator.evaluate(request, identity, resourcePolicies);
    }

    private ConditionContext.Builder baseContext(CallContext ctx, String resourceAccount, Map<String, String> tags) {
        Caller caller = ctx.caller();
        Instant now = clock.instant();
        ConditionContext.Builder context = ConditionContext.builder()
                .put("aws:CurrentTime", GlacierDates.seconds(now))
                .put("aws:EpochTime", Long.toString(now.getEpochSecond()))
                .put("aws:SecureTransport", Boolean.toString(ctx.secureTransport()))
                .put("aws:PrincipalArn", caller.arn())
                .put("aws:PrincipalAccount", caller.accountId())
                .put("aws:PrincipalType", caller.isRoot() ? "Account" : "User")
                .put("aws:userid", caller.userId())
                .put("aws:RequestedRegion", settings.region())
                .put("aws:ResourceAccount", resourceAccount);
        if (ctx.sourceIp() != null) {
            context.put("aws:SourceIp", ctx.sourceIp());
        }
        if (ctx.userAgent() != null) {
            context.put("aws:UserAgent", ctx.userAgent());
        }
        if (caller.userName() != null) {
            context.put("aws:username", caller.userName());
        }
        if (caller.mfaPresent()) {
            // Long-term keys carry no MFA key at all, as on AWS; only a key configured as MFA-backed sets it.
            context.put("aws:MultiFactorAuthPresent", "true");
        }
        // Added, not put: should the store hold tag keys that differ only in case (written before such
        // keys were refused), a policy sees every one of their values rather than whichever came last.
        tags.forEach((key, value) -> {
            context.add("glacier:ResourceTag/" + key, value);
            context.add("aws:ResourceTag/" + key, value);
        });
        return context;
    }

    private static GlacierException denied(Caller caller, Operation operation, String resourceArn, Decision decision) {
        String message = "User: " + caller.arn() + " is not authorized to perform: " + operation.iamAction()
                + " on resource: " + resourceArn
                + (decision == Decision.EXPLICIT_DENY ? " with an explicit deny" : "");
        return GlacierException.accessDenied(message);
    }
}
