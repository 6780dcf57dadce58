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
 */
public record VaultSettings(String accessPolicyJson, Map<String, String> tags, VaultNotificationConfig notifications,
                            String lockPolicyJson) {
    public VaultSettings {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
