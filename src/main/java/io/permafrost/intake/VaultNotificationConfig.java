package io.permafrost.intake;

// PLACEHOLDER: the import branch owns this package; this copy of its agreed interface is dropped at the merge.
public record VaultNotificationConfig(String snsTopic, java.util.List<String> events) {}
