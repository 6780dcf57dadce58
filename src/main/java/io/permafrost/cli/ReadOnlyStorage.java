package io.permafrost.cli;

import io.permafrost.intake.StorageTarget;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.cluster.ClusterBackend;
import io.permafrost.store.embedded.EmbeddedBackend;

import java.io.IOException;
import java.util.Optional;

/**
 * Storage opened for reading beside a running server ({@code scrub}, {@code export}): an embedded data
 * directory without its lock or start-up sweep, or a cluster's shared state. Empty when the directory
 * holds no Permafrost data.
 */
final class ReadOnlyStorage {
    private ReadOnlyStorage() {
    }

    static Optional<StorageBackend> open(StorageTarget target) throws IOException {
        if (target.isCluster()) {
            return Optional.of(ClusterBackend.open(target.cluster(), StorageBackend.Admission.NONE));
        }
        return EmbeddedBackend.openExisting(target.dataDir()).map(StorageBackend.class::cast);
    }
}
