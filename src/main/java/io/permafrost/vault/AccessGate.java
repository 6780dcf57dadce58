package io.permafrost.vault;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.VaultArn;
import io.permafrost.policy.AuthorizationRequest;
import io.permafrost.policy.ConditionContext;
import io.permafrost.policy.DecidingStatement;
import io.permafrost.policy.Decision;
import io.permafrost.policy.Policy;
import io.permafrost.policy.PolicyEvaluator;
import io.permafrost.policy.PolicyKind;
import io.permafrost.policy.Verdict;
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
    /** The context of a request no policy reads a condition key of. */
    private static final ConditionContext NO_KEYS = ConditionContext.builder().build();

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
        ctx.audit().authorizing(operation, account, null);
        Verdict verdict = decide(ctx, operation, resourceArn, account, Map.of(), Map.of(), ResourcePolicies.NONE);
        if (verdict.decision() != Decision.ALLOW) {
            throw denied(ctx, operation, resourceArn, verdict, ResourcePolicies.NONE);
        }
        audited(ctx, verdict, ResourcePolicies.NONE);
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
        ctx.audit().authorizing(operation, account, vaultName);
        VaultArn arn = arn(account, vaultName);
        Optional<VaultAccessView> view = VaultNames.isValid(vaultName)
                ? vaults.findForAccess(account, vaultName) : Optional.empty();
        if (view.isEmpty()) {
            boolean sameAccount = account.equals(ctx.caller().accountId());
            Verdict verdict = decide(ctx, operation, arn.arn(), account, Map.of(), Map.of(), ResourcePolicies.NONE);
            if (!sameAccount || verdict.decision() != Decision.ALLOW) {
                throw denied(ctx, operation, arn.arn(), verdict, ResourcePolicies.NONE);
            }
            audited(ctx, verdict, ResourcePolicies.NONE);
            String named = VaultNames.isValid(vaultName) ? arn.arn() : vaultName;
            throw GlacierException.notFound("Vault not found for ARN: " + named);
        }
        ResourcePolicies resource = resourcePolicies(view.get());
        Verdict verdict = decideOn(ctx, operation, account, arn, view.get(), resource, extraKeys);
        if (verdict.decision() != Decision.ALLOW) {
            throw denied(ctx, operation, arn.arn(), verdict, resource);
        }
        audited(ctx, verdict, resource);
        return view.get().vault();
    }

    /**
     * Read-only: what the gate would decide for {@code asked} (any principal, not necessarily the one
     * signed in) doing {@code operation} on an existing vault, and which statement of which policy
     * decided. Decides nothing and changes nothing; callers must first have been authorized to read the
     * vault's policies. Empty when there is no such vault.
     */
    public Optional<AccessExplanation> explain(CallContext asked, Operation operation, String account, String vaultName,
                                               Function<VaultRecord, Map<String, List<String>>> extraKeys) {
        Optional<VaultAccessView> found = VaultNames.isValid(vaultName)
                ? vaults.findForAccess(account, vaultName) : Optional.empty();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        VaultAccessView view = found.get();
        ResourcePolicies resource = resourcePolicies(view);
        Verdict verdict = decideOn(asked, operation, account, arn(account, vaultName), view, resource, extraKeys);
        DecidingStatement source = verdict.decidingStatement();
        if (source == null) {
            return Optional.of(new AccessExplanation(verdict.decision(), null, null, -1));
        }
        boolean identity = source.kind() == PolicyKind.IDENTITY;
        String document = identity ? asked.caller().identityPolicies().get(source.policyIndex())
                : resource.documents().get(source.policyIndex());
        String name = identity ? "identity policy " + (source.policyIndex() + 1) + " of " + asked.caller().arn()
                : resource.kinds().get(source.policyIndex());
        return Optional.of(new AccessExplanation(verdict.decision(), name, document, source.statementIndex()));
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
        return view -> decideOn(ctx, operation, account, arn(account, view.vault().name()), view,
                resourcePolicies(view), extraKeys).decision() == Decision.ALLOW;
    }

    private Verdict decideOn(CallContext ctx, Operation operation, String account, VaultArn arn, VaultAccessView view,
                             ResourcePolicies resource, Function<VaultRecord, Map<String, List<String>>> extraKeys) {
        // Asked whatever the policies are: the keys may come from a read that answers for the request (the
        // archive of a DeleteArchive), so skipping it would change more than the context.
        Map<String, List<String>> extra = extraKeys.apply(view.vault());
        return decide(ctx, operation, arn.arn(), account, view.tags(), extra, resource);
    }

    /**
     * A vault's resource policies in evaluation order (the access policy, then the lock policy), what each
     * one is (for the denial log and the console) and its document.
     */
    private record ResourcePolicies(List<Policy> policies, List<String> kinds, List<String> documents) {
        static final ResourcePolicies NONE = new ResourcePolicies(List.of(), List.of(), List.of());
    }

    private ResourcePolicies resourcePolicies(VaultAccessView view) {
        List<Policy> resource = new ArrayList<>(2);
        List<String> kinds = new ArrayList<>(2);
        List<String> documents = new ArrayList<>(2);
        if (view.accessPolicy() != null) {
            resource.add(policies.get(view.accessPolicy(), PolicyKind.RESOURCE));
            kinds.add("vault access policy");
            documents.add(view.accessPolicy());
        }
        // An in-progress lock is enforced already (that is how AWS lets you test it); an expired one is gone.
        LockRecord lock = view.lock();
        if (lock != null && lock.isLiveAt(clock.instant())) {
            resource.add(policies.get(lock.policy(), PolicyKind.RESOURCE));
            kinds.add(lock.state() == LockRecord.LockState.LOCKED ? "vault lock policy (Locked)" : "vault lock policy (InProgress)");
            documents.add(lock.policy());
        }
        return new ResourcePolicies(resource, kinds, documents);
    }

    /**
     * Builds the request's condition keys only when one of the policies has a condition: without one no
     * key is ever read, so the decision is the same and the request skips the work (most requests: a
     * root key, or policies without conditions).
     */
    private Verdict decide(CallContext ctx, Operation operation, String resourceArn, String resourceAccount,
                           Map<String, String> tags, Map<String, List<String>> extraKeys,
                           ResourcePolicies resourcePolicies) {
        Caller caller = ctx.caller();
        List<Policy> identity = new ArrayList<>(caller.identityPolicies().size());
        for (String document : caller.identityPolicies()) {
            identity.add(policies.get(document, PolicyKind.IDENTITY));
        }
        boolean conditional = identity.stream().anyMatch(Policy::readsConditionKeys)
                || resourcePolicies.policies().stream().anyMatch(Policy::readsConditionKeys);
        ConditionContext context = NO_KEYS;
        if (conditional) {
            ConditionContext.Builder keys = baseContext(ctx, resourceAccount, tags);
            extraKeys.forEach(keys::put);
            context = keys.build();
        }
        AuthorizationRequest request = new AuthorizationRequest(caller.arn(), caller.accountId(), caller.isRoot(),
                operation.iamAction(), resourceArn, resourceAccount, context);
        return evaluator.explain(request, identity, resourcePolicies.policies());
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

    /** Tells the request's audit record what the gate decided and which statement decided it. */
    private static void audited(CallContext ctx, Verdict verdict, ResourcePolicies resource) {
        String statement = DenialLog.statement(verdict, resource.kinds());
        boolean allowed = verdict.decision() == Decision.ALLOW;
        ctx.audit().decided(allowed, statement != null ? statement
                : allowed ? "account root (no policy needed)" : "implicit deny");
    }

    private static GlacierException denied(CallContext ctx, Operation operation, String resourceArn, Verdict verdict,
                                           ResourcePolicies resource) {
        Caller caller = ctx.caller();
        DenialLog.denied(caller, operation, resourceArn, verdict, resource.kinds());
        audited(ctx, verdict, resource);
        Decision decision = verdict.decision();
        String message = "User: " + caller.arn() + " is not authorized to perform: " + operation.iamAction()
                + " on resource: " + resourceArn
                + (decision == Decision.EXPLICIT_DENY ? " with an explicit deny" : "");
        return GlacierException.accessDenied(message);
    }
}
