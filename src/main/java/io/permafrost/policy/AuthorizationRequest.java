package io.permafrost.policy;

import java.util.Objects;

/**
 * What is being asked of the evaluator.
 *
 * @param principalArn e.g. {@code arn:aws:iam::111122223333:root} or {@code arn:aws:iam::111122223333:user/alice}
 * @param principalAccount the 12-digit account the caller belongs to
 * @param principalIsRoot whether the caller is its account's root user
 * @param action e.g. {@code glacier:DeleteArchive}
 * @param resourceArn e.g. {@code arn:aws:glacier:us-east-1:111122223333:vaults/photos}, or {@code *} for vault-less actions
 * @param resourceAccount the account owning the resource; for vault-less actions the caller's own account
 * @param context the request's condition keys
 */
public record AuthorizationRequest(String principalArn, String principalAccount, boolean principalIsRoot,
                                   String action, String resourceArn, String resourceAccount,
                                   ConditionContext context) {

    /** Every member takes part in a security decision, so a missing one is a programming error, not "no match". */
    public AuthorizationRequest {
        Objects.requireNonNull(principalArn, "principalArn");
        Objects.requireNonNull(principalAccount, "principalAccount");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resourceArn, "resourceArn");
        Objects.requireNonNull(resourceAccount, "resourceAccount");
        Objects.requireNonNull(context, "context");
    }

    boolean isSameAccount() {
        return principalAccount.equals(resourceAccount);
    }
}
