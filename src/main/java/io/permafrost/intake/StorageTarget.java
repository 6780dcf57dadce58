package io.permafrost.intake;

import io.permafrost.store.cluster.ClusterSettings;

import java.nio.file.Path;

/** Which storage an operator command works on, as {@code serve} takes it: a data directory, or the cluster's shared state. */
public record StorageTarget(Path dataDir, ClusterSettings cluster) {
    public static StorageTarget embedded(Path dataDir) {
        return new StorageTarget(dataDir, null);
    }

    public boolean isCluster() {
        return cluster != null;
    }

    @Override
    public String toString() {
        return cluster != null ? "cluster (" + cluster + ")" : "data directory " + dataDir.toAbsolutePath();
    }
}
