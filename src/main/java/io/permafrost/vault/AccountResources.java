package io.permafrost.vault;

/**
 * The resource ARN that account-level operations (retrieval policy, provisioned capacity) are
 * authorized against. They act on no vault, so only statements whose Resource covers the whole
 * account ({@code *}, {@code arn:aws:glacier:*}, …:{account}:*) apply, never a vaults/ pattern.
 */
final class AccountResources {
    private AccountResources() {
    }

    static String arn(String region, String account) {
        return "arn:aws:glacier:" + region + ":" + account + ":*";
    }
}
