package io.permafrost.cli;

import io.permafrost.store.StorageBackend;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.store.cluster.ClusterBackend;
import io.permafrost.store.embedded.EmbeddedBackend;

/**
 * Opens the storage backend the configuration names, with the start-up checks the CLI owns (the
 * identity pin, accounts that own vaults) handed to it as its admission.
 */
final class ConfiguredStorage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ConfiguredStorage() {
    }

    static StorageBackend openForServing(ServerConfig config) throws java.io.IOException {
        if (config.cluster() != null) {
            return openCluster(config);
        }
        java.nio.file.Files.createDirectories(config.dataDir());
        // Before anything is opened or swept: a conflicting start must leave the directory as it was.
        IdentityPin identity = IdentityPin.check(config.dataDir(), config.region());
        return EmbeddedBackend.openForServing(config.dataDir(),
                vaults -> identity.requireOwnersAndPin(vaults, config.accounts()));
    }

    /**
     * A cluster node: the identity pin lives in the database, so every node is held to the identity of
     * the cluster's first start (the first node to pin it wins; the others compare).
     */
    private static StorageBackend openCluster(ServerConfig config) throws java.io.IOException {
        ClusterBackend cluster = ClusterBackend.open(config.cluster(), StorageBackend.Admission.NONE);
        try {
            String configured = JSON.writeValueAsString(DataDirIdentity.of(config.region()));
            DataDirIdentity pinned = JSON.readValue(cluster.pin(configured), DataDirIdentity.class);
            if (!pinned.equals(DataDirIdentity.of(config.region()))) {
                throw new StartupException("region " + config.region() + " or this build's ARN spelling conflicts "
                        + "with the identity the cluster (" + config.cluster() + ") was first served with: "
                        + "region " + pinned.region() + "; start every node with region " + pinned.region());
            }
            return cluster;
        } catch (java.io.IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }
}
