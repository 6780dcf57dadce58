package io.permafrost.glacier;

import java.util.List;

/**
 * The authenticated principal of a request: what policies match and what identity policies apply.
 *
 * @param accountId 12-digit account the credentials belong to
 * @param arn principal ARN, {@code arn:aws:iam::ACCOUNT:root} or {@code arn:aws:iam::ACCOUNT:user/NAME}
 * @param userName IAM user name, or null for the account root
 * @param userId stable unique id ({@code aws:userid}): the account id for root, an AIDA… id for users
 * @param identityPolicies identity policy documents (JSON strings) attached to this principal
 * @param mfaPresent value of {@code aws:MultiFactorAuthPresent}; false for long-term keys
 */
public record Caller(String accountId, String arn, String userName, String userId,
                     List<String> identityPolicies, boolean mfaPresent) {

    public Caller {
        identityPolicies = List.copyOf(identityPolicies);
    }

    public static Caller root(String accountId) {
        return new Caller(accountId, "arn:aws:iam::" + accountId + ":root", null, accountId, List.of(), false);
    }

    public boolean isRoot() {
        return userName == null;
    }
}
