package io.permafrost.cli;

import io.permafrost.store.StorageBackend;
import io.permafrost.store.embedded.EmbeddedBackend;

/**
 * Opens the storage backend the configuration names, with the start-up checks the CLI owns (the
 * identity pin, accounts that own vaults) handed to it as its admission.
 */
final class ConfiguredStorage {
    private ConfiguredStorage() {
    }

    static StorageBackend openForServing(ServerConfig config) throws java.io.IOException {
        java.nio.file.Files.createDirectories(config.dataDir());
        // Before anything is opened or swept: a conflicting start must leave the directory as it was.
        IdentityPin identity = IdentityPin.check(config.dataDir(), config.region());
        return EmbeddedBackend.openForServing(config.dataDir(),
                vaults -> identity.requireOwnersAndPin(vaults, config.accounts()));
    }
}
