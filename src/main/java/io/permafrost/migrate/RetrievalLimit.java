package io.permafrost.migrate;

import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DataRetrievalRule;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The bytes-per-hour the migration may request: the user's budget, capped by the source's data retrieval policy
 * when that policy is BytesPerHour (retrieving more would only be refused with PolicyEnforcedException). Returns
 * empty when neither limits retrievals.
 */
final class RetrievalLimit {
    private RetrievalLimit() {
    }

    static OptionalLong of(GlacierClient source, TransientRetry retry, OptionalLong userBudget) {
        OptionalLong policy = sourcePolicy(source, retry);
        if (policy.isPresent() && userBudget.isPresent()) {
            return OptionalLong.of(Math.min(policy.getAsLong(), userBudget.getAsLong()));
        }
        return policy.isPresent() ? policy : userBudget;
    }

    private static OptionalLong sourcePolicy(GlacierClient source, TransientRetry retry) {
        Optional<DataRetrievalRule> rule;
        try {
            rule = retry.call("GetDataRetrievalPolicy", () -> source.getDataRetrievalPolicy(b -> b.accountId("-")))
                    .policy().rules().stream().filter(r -> "BytesPerHour".equals(r.strategy())).findFirst();
        } catch (SourceUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            // A source without the call (or a user without the permission) has no policy we can respect beyond
            // PolicyEnforcedException, which TransientRetry waits out.
            return OptionalLong.empty();
        }
        return rule.filter(r -> r.bytesPerHour() != null).map(r -> OptionalLong.of(r.bytesPerHour()))
                .orElse(OptionalLong.empty());
    }
}
