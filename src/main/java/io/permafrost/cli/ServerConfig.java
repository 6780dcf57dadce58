package io.permafrost.cli;

import io.permafrost.auth.Credential;
import io.permafrost.http.TlsSettings;
import io.permafrost.notify.NotificationTargets;
import io.permafrost.vault.InventorySettings;
import io.permafrost.vault.JobSettings;
import io.permafrost.vault.RetrievalSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a server needs to start, after the config file, environment and flags were merged
 * (flags win over environment, environment over the file). Defaults are AWS's values.
 */
public record ServerConfig(String host, int port, Path dataDir, String region, List<Credential> credentials,
                           Duration lockExpiry, Duration clockSkew, Duration requestIdleTimeout,
                           int maxVaultsPerAccount, int httpThreads, JobSettings jobs,
                           RetrievalSettings retrieval, NotificationTargets notifications,
                           InventorySettings inventory, TlsSettings tls) {

    public static final int DEFAULT_PORT = 8700;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Path DEFAULT_DATA = Path.of("permafrost-data");

    public ServerConfig {
        credentials = List.copyOf(credentials);
    }

    /** A config with every default, for the given data directory and keys. */
    public static ServerConfig defaults(Path dataDir, List<Credential> credentials) {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, dataDir, DEFAULT_REGION, credentials,
                Duration.ofHours(24), Duration.ofMinutes(15), Duration.ofSeconds(60), 1000, 200,
                JobSettings.defaults(), RetrievalSettings.defaults(), NotificationTargets.none(),
                InventorySettings.defaults(), null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, region, credentials, lockExpiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, retrieval, notifications,
                inventory, tls);
    }

    public ServerConfig withLockExpiry(Duration expiry) {
        return new ServerConfig(host, port, dataDir, region, credentials, expiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, retrieval, notifications,
                inventory, tls);
    }

    public ServerConfig withJobs(JobSettings jobSettings) {
        return new ServerConfig(host, port, dataDir, region, credentials, lockExpiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobSettings, retrieval, notifications,
                inventory, tls);
    }

    public ServerConfig withRetrieval(RetrievalSettings settings) {
        return new ServerConfig(host, port, dataDir, region, credentials, lockExpiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, settings, notifications,
                inventory, tls);
    }

    /** Topic ARN -> HTTP(S) endpoints for job-completion notifications, and their retry schedule. */
    public ServerConfig withNotificationTargets(NotificationTargets targets) {
        return new ServerConfig(host, port, dataDir, region, credentials, lockExpiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, retrieval, targets,
                inventory, tls);
    }

    /** Serve HTTPS with this key store instead of plain HTTP. */
    public ServerConfig withTls(TlsSettings settings) {
        return new ServerConfig(host, port, dataDir, region, credentials, lockExpiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, retrieval, notifications, inventory,
                settings);
    }

    /** Inventory freshness: per job (default) or snapshots on a schedule, like AWS's daily inventory. */
    public ServerConfig withInventory(InventorySettings settings) {
        return new ServerConfig(host, port, dataDir, region, credentials, lockExpiry, clockSkew,
                requestIdleTimeout, maxVaultsPerAccount, httpThreads, jobs, retrieval, notifications, settings, tls);
    }
}
