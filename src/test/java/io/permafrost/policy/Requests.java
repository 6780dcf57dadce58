package io.permafrost.policy;

/** Shared accounts, vaults and request builders for the policy tests. */
final class Requests {
    static final String OWNER = "111122223333";
    static final String OTHER = "444455556666";
    static final String OWNER_ROOT = "arn:aws:iam::" + OWNER + ":root";
    static final String OTHER_ROOT = "arn:aws:iam::" + OTHER + ":root";
    static final String ALICE = "arn:aws:iam::" + OWNER + ":user/alice";
    static final String BOB = "arn:aws:iam::" + OWNER + ":user/bob";
    static final String CAROL = "arn:aws:iam::" + OTHER + ":user/carol";
    static final String VAULT = "arn:aws:glacier:us-east-1:" + OWNER + ":vaults/photos";
    static final String OTHER_VAULT = "arn:aws:glacier:us-east-1:" + OWNER + ":vaults/taxes";

    private Requests() {
    }

    static AuthorizationRequest owner(String action) {
        return as(OWNER_ROOT, action, VAULT, ConditionContext.empty());
    }

    /** A request on a vault of OWNER by the given principal; the account and root flag follow from the ARN. */
    static AuthorizationRequest as(String principalArn, String action, String resourceArn, ConditionContext context) {
        String account = principalArn.split(":")[4];
        boolean root = principalArn.endsWith(":root");
        String resourceAccount = resourceArn.equals("*") ? account : resourceArn.split(":")[4];
        return new AuthorizationRequest(principalArn, account, root, action, resourceArn, resourceAccount, context);
    }

    static AuthorizationRequest as(String principalArn, String action) {
        return as(principalArn, action, VAULT, ConditionContext.empty());
    }
}
