package io.permafrost.intake;

import java.util.Map;

/**
 * What is copied of a source vault besides its archives.
 *
 * @param accessPolicyJson the vault access policy, or null
 * @param tags             the vault's tags (empty for none)
 * @param notifications    the notification configuration, or null
 * @param lockPolicyJson   the source's Vault Lock policy, or null; re-created as an InProgress lock for
 *                         the operator to review and complete, never completed here
 * @param writtenFor       the vault the policies were written for (their Resource names its ARN), or null when
 *                         unknown; in a vault of another name or account its ARN is rewritten to the destination's
 */
public record VaultSettings(String accessPolicyJson, Map<String, String> tags, VaultNotificationConfig notifications,
                            String lockPolicyJson, SourceVault writtenFor) {
    public VaultSettings {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Settings whose policies are taken exactly as written. */
    public VaultSettings(String accessPolicyJson, Map<String, String> tags, VaultNotificationConfig notifications,
                         String lockPolicyJson) {
        this(accessPolicyJson, tags, notifications, lockPolicyJson, null);
    }

    /** A vault on the source: its account id and name. */
    public record SourceVault(String account, String vault) {
    }
}
