package io.permafrost.cli;

import io.permafrost.intake.StorageTarget;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.cluster.ClusterSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * "Which storage" for the commands that work on a server's storage ({@code scrub}, {@code export},
 * {@code import}, {@code migrate}): {@code --data DIR}, or the cluster flags, exactly as {@code serve}
 * takes them. One picocli mixin, so each command spells and checks them the same way.
 */
public final class StorageOptions {
    @Option(names = "--data", description = "Data directory (default ./" + ServerConfig.DEFAULT_DATA_NAME + ").")
    Path data = ServerConfig.DEFAULT_DATA;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    /** The storage named; a half-given cluster configuration is refused (StartupException). */
    public StorageTarget target() {
        ClusterSettings settings = cluster.resolve(null, System.getenv());
        return new StorageTarget(data, settings);
    }

    /** What a command does with storage opened for reading beside a server; returns its exit code. */
    interface Work {
        int run(StorageBackend storage, boolean cluster) throws Exception;
    }

    /**
     * Opens the storage named for reading beside a running server ({@link ReadOnlyStorage}), runs {@code work}
     * on it and closes it; 2, with one line, when the directory holds no Permafrost data.
     */
    int withReadOnly(Work work) throws Exception {
        StorageTarget target = target();
        Optional<StorageBackend> opened = ReadOnlyStorage.open(target);
        if (opened.isEmpty()) {
            System.err.println("no Permafrost data in " + target.dataDir().toAbsolutePath());
            return 2;
        }
        try (StorageBackend backend = opened.get()) {
            return work.run(backend, target.isCluster());
        }
    }

    /** The data directory named (meaningful for the embedded backend only). */
    Path dataDir() {
        return data;
    }
}
