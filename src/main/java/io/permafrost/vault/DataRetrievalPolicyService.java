package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.store.AccountStore;
import io.permafrost.store.RetrievalPolicyRecord;

import java.util.List;
import java.util.Set;

/** Get/SetDataRetrievalPolicy (spec 17.1, 17.2); enforcement is {@link RetrievalLimits}. */
public final class DataRetrievalPolicyService {
    private static final Set<String> STRATEGIES =
            Set.of(DataRetrievalRule.NONE, DataRetrievalRule.FREE_TIER, DataRetrievalRule.BYTES_PER_HOUR);

    private final AccountStore store;
    private final AccessGate gate;
    private final String region;

    public DataRetrievalPolicyService(AccountStore store, AccessGate gate, String region) {
        this.store = store;
        this.gate = gate;
        this.region = region;
    }

    public DataRetrievalRule get(CallContext ctx, String accountInUrl) {
        String account = authorize(ctx, Operation.GetDataRetrievalPolicy, accountInUrl);
        return store.retrievalPolicy(account)
                .map(record -> new DataRetrievalRule(record.strategy(), record.bytesPerHour()))
                .orElse(DataRetrievalRule.NO_LIMIT);
    }

    /** Replaces the policy; takes effect for the next InitiateJob (jobs already started are unaffected). */
    public void set(CallContext ctx, String accountInUrl, List<DataRetrievalRule> rules) {
        String account = authorize(ctx, Operation.SetDataRetrievalPolicy, accountInUrl);
        DataRetrievalRule rule = requireValid(rules);
        ctx.audit().write(() -> store.setRetrievalPolicy(account,
                new RetrievalPolicyRecord(rule.strategy(), rule.bytesPerHour())));
    }

    static DataRetrievalRule requireValid(List<DataRetrievalRule> rules) {
        if (rules == null || rules.size() != 1) {
            throw GlacierException.invalidParameter("The data retrieval policy must contain exactly one rule, got "
                    + (rules == null ? 0 : rules.size()));
        }
        DataRetrievalRule rule = rules.get(0);
        if (rule.strategy() == null) {
            throw GlacierException.missingParameter("Strategy");
        }
        if (!STRATEGIES.contains(rule.strategy())) {
            throw GlacierException.invalidParameter("Invalid data retrieval policy strategy: " + rule.strategy()
                    + ". Valid values: BytesPerHour|FreeTier|None");
        }
        boolean bytesStrategy = rule.strategy().equals(DataRetrievalRule.BYTES_PER_HOUR);
        if (bytesStrategy && rule.bytesPerHour() == null) {
            throw GlacierException.invalidParameter("BytesPerHour is required when the Strategy is BytesPerHour");
        }
        if (!bytesStrategy && rule.bytesPerHour() != null) {
            throw GlacierException.invalidParameter("BytesPerHour may be set only when the Strategy is BytesPerHour, "
                    + "not " + rule.strategy());
        }
        if (bytesStrategy && rule.bytesPerHour() < 1) {
            throw GlacierException.invalidParameter("Invalid BytesPerHour: " + rule.bytesPerHour()
                    + ". It must be between 1 and " + Long.MAX_VALUE + ".");
        }
        return rule;
    }

    private String authorize(CallContext ctx, Operation operation, String accountInUrl) {
        String account = gate.ownerAccount(ctx, operation, accountInUrl);
        return gate.authorizeAccount(ctx, operation, accountInUrl, AccountResources.arn(region, account));
    }
}
