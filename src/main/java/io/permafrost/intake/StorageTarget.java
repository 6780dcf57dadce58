package io.permafrost.intake;

// PLACEHOLDER: the import branch owns this package; this copy of its agreed interface is dropped at the merge.
public record StorageTarget(java.nio.file.Path dataDir, io.permafrost.store.cluster.ClusterSettings cluster) {}
