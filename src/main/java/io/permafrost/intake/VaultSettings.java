package io.permafrost.intake;

// PLACEHOLDER: the import branch owns this package; this copy of its agreed interface is dropped at the merge.
public record VaultSettings(String accessPolicyJson, java.util.Map<String, String> tags,
                            VaultNotificationConfig notifications, String lockPolicyJson) {}
