package io.permafrost.cli;

import io.permafrost.intake.StorageTarget;
import io.permafrost.store.cluster.ClusterSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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
}
