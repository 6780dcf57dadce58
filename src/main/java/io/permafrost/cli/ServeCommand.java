package io.permafrost.cli;

import io.permafrost.clock.SystemTimeSource;
import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.http.TlsSettings;
import io.permafrost.notify.NotificationTargets;
import io.permafrost.store.cluster.ClusterSettings;
import io.permafrost.vault.BlobDeletionPace;
import io.permafrost.vault.InventorySettings;
import io.permafrost.vault.JobSettings;
import io.permafrost.vault.RetrievalSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code serve}: runs the Glacier API with the embedded store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the Glacier API on PORT with the embedded store in DIR.")
final class ServeCommand implements Callable<Integer> {
    /** The top-level members of the config file; anything else is refused (see {@link ConfigShape}). */
    private static final Set<String> MEMBERS = Set.of("port", "host", "data", "region", "defaultAccountId",
            "lockExpiry", "clockSkew", "requestIdleTimeout", "maxVaultsPerAccount", "jobs", "inventory",
            "notifications", "retrieval", "accounts", "tls", "adminPort", "adminHost", "accessLog",
            "metadata", "blobs", "s3Endpoint", "s3Region", "audit",
            "blobDeletionGrace", "blobDeletionBatch", "blobDeletionPause");
    /** AWS's spelling of a region (us-east-1, us-gov-west-1): it goes into every ARN and the signing scope. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z]+)+-[0-9]+");

    // No picocli defaultValue: a default there would always win over the environment and the file.
    // The help shows the real defaults from ServerConfig instead.
    @Option(names = "--port", description = "TCP port (default " + ServerConfig.DEFAULT_PORT + "; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default " + ServerConfig.DEFAULT_HOST
            + "; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--data", description = "Data directory, created if missing (default ./"
            + ServerConfig.DEFAULT_DATA_NAME + ").")
    Path data;

    @Option(names = "--config", description = "JSON configuration file (accounts, users, keys, settings).")
    Path config;

    @Option(names = "--region", description = "Region used for signing and in ARNs (default "
            + ServerConfig.DEFAULT_REGION + "); a data directory keeps the region it was created with.")
    String region;

    @Option(names = "--lock-expiry", description = "How long an InProgress vault lock lives (default 24h).")
    String lockExpiry;

    @Option(names = "--clock-skew", description = "Allowed request clock skew (default 15m).")
    String clockSkew;

    @Option(names = "--admin-port", description = "Serve /metrics and /health/live, /health/ready on this port "
            + "(default: no admin port). It needs no signature: keep it on loopback or a management network.")
    Integer adminPort;

    @Option(names = "--admin-host", description = "Address the admin port binds (default "
            + OperationsSettings.DEFAULT_ADMIN_HOST + ").")
    String adminHost;

    @Option(names = "--access-log", description = "Append one JSON line per API request to this file "
            + "(default: no access log).")
    Path accessLog;

    @Option(names = "--tls-keystore", description = "PKCS#12 key store with the server key and certificate: "
            + "serve HTTPS instead of HTTP (default: plain HTTP). Its password comes from "
            + "PERMAFROST_TLS_KEYSTORE_PASSWORD.")
    Path tlsKeyStore;

    @Mixin
    ClusterOptions clusterOptions = new ClusterOptions();

    @Option(names = "--audit-key", description = "The audit trail's Ed25519 signing key (PKCS#8), created if missing; "
            + "its public key is written beside it as FILE.pub (default DIR/audit-signing-key; a cluster node "
            + "keeps its own).")
    Path auditKey;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        JsonNode file = config == null ? null : AccountsFile.read(config);
        ServerConfig resolved = resolve(file, env);
        try (PermafrostServer server = start(resolved)) {
            WholeLines.printf(System.out, "Permafrost serving the Glacier API on %s://%s:%d (%s, region %s)%n",
                    resolved.tls() == null ? "http" : "https", resolved.host(), server.port(),
                    resolved.cluster() == null ? "data in " + resolved.dataDir().toAbsolutePath()
                            : "cluster node: " + resolved.cluster(), resolved.region());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (Exception ignored) {
                    // Shutting down anyway.
                }
            }));
            server.join();
        }
        return 0;
    }

    /** A port someone else holds is the operator's to fix, so it is one line, not Jetty's stack trace. */
    private static PermafrostServer start(ServerConfig config) throws Exception {
        try {
            return PermafrostServer.start(config, SystemTimeSource.INSTANCE);
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind) {
                    throw new StartupException("--port " + config.port() + ": cannot listen on " + config.host() + ":"
                            + config.port() + " (" + bind.getMessage() + ")", e);
                }
            }
            throw e;
        }
    }

    ServerConfig resolve(JsonNode file, Map<String, String> env) throws IOException {
        // Every setting is checked before the first write into the data directory (a generated root key).
        ConfigShape.requireKnown(file, "the config file", MEMBERS);
        String resolvedRegion = region(file, env);
        ServerConfig defaults = ServerConfig.defaults(ServerConfig.DEFAULT_DATA, List.of());
        int resolvedPort = port(file, defaults.port());
        Duration resolvedLockExpiry = duration("--lock-expiry", lockExpiry, file, "lockExpiry", defaults.lockExpiry());
        Duration resolvedClockSkew = duration("--clock-skew", clockSkew, file, "clockSkew", defaults.clockSkew());
        Duration idleTimeout = duration(null, null, file, "requestIdleTimeout", defaults.requestIdleTimeout());
        // Null when not set: the backend picks (serve knows only later whether it runs as a cluster node).
        Duration deletionGrace = duration(null, null, file, "blobDeletionGrace", null);
        if (deletionGrace != null && deletionGrace.isNegative()) {
            throw new StartupException("config: blobDeletionGrace must not be negative");
        }
        BlobDeletionPace deletionPace = deletionPace(file);
        int maxVaults = (int) ConfigShape.wholeNumber(file, "", "maxVaultsPerAccount", 1, Integer.MAX_VALUE,
                defaults.maxVaultsPerAccount());
        JobSettings jobs = JobsSection.read(file == null ? null : file.get("jobs"));
        RetrievalSettings retrieval = RetrievalSection.read(file == null ? null : file.get("retrieval"));
        NotificationTargets notifications = NotificationsSection.read(file == null ? null : file.get("notifications"));
        InventorySettings inventory = InventorySection.read(file == null ? null : file.get("inventory"));
        TlsSettings tls = tls(file, env);
        OperationsSettings operations = operations(file);
        AuditSettings audit = AuditSection.read(file == null ? null : file.get("audit"), auditKey);
        JsonNode accounts = file == null ? null : file.get("accounts");
        List<Credential> credentials = new ArrayList<>(AccountsFile.credentials(accounts));

        ClusterSettings cluster = clusterOptions.resolve(file, env);
        if (cluster != null) {
            // B10: every node must accept the same keys, so a cluster never generates a per-node root key.
            credentials.addAll(ClusterOptions.rootFromEnvironment(env, text(file, "defaultAccountId"), credentials));
            ServerConfig defaultsForCluster = ServerConfig.defaults(ServerConfig.DEFAULT_DATA, List.of());
            return new ServerConfig(pick(host, null, text(file, "host"), defaults.host()), resolvedPort,
                    defaultsForCluster.dataDir(), resolvedRegion, credentials, AccountsFile.accountIds(accounts),
                    resolvedLockExpiry, resolvedClockSkew, idleTimeout, maxVaults, defaults.httpThreads(), jobs,
                    retrieval, notifications, inventory, tls, operations, cluster, deletionGrace, deletionPace, audit);
        }
        Path dataDir = usableDataDirectory(data != null ? data : file != null && file.hasNonNull("data")
                ? Path.of(file.get("data").asText()) : ServerConfig.DEFAULT_DATA);
        // The region check reads only identity.json: a start it refuses must not generate a root key first.
        IdentityPin.check(dataDir, resolvedRegion);
        RootCredentials root = RootCredentials.resolve(env, dataDir, text(file, "defaultAccountId"));
        refuseKeyGivenTwice(root, env.containsKey("PERMAFROST_ACCESS_KEY_ID") ? "PERMAFROST_ACCESS_KEY_ID"
                : dataDir.resolve(RootCredentials.FILE).toString(), credentials);
        credentials.add(Credential.permanent(root.accessKeyId(), root.secretAccessKey(), Caller.root(root.accountId())));
        if (root.generated()) {
            WholeLines.printf(System.out, "Generated a root key for account %s (kept in %s):%n"
                            + "  export AWS_ACCESS_KEY_ID=%s%n  export AWS_SECRET_ACCESS_KEY=%s%n"
                            + "  export AWS_DEFAULT_REGION=%s%n",
                    root.accountId(), dataDir.resolve(RootCredentials.FILE), root.accessKeyId(), root.secretAccessKey(),
                    resolvedRegion);
        }
        return new ServerConfig(pick(host, null, text(file, "host"), defaults.host()), resolvedPort, dataDir,
                resolvedRegion, credentials, AccountsFile.accountIds(accounts), resolvedLockExpiry, resolvedClockSkew,
                idleTimeout, maxVaults, defaults.httpThreads(), jobs, retrieval, notifications, inventory, tls,
                operations, null, deletionGrace, deletionPace, audit);
    }

    /** {@code blobDeletionBatch} and {@code blobDeletionPause}, each defaulting on its own. */
    private static BlobDeletionPace deletionPace(JsonNode file) {
        BlobDeletionPace defaults = BlobDeletionPace.DEFAULT;
        int batch = (int) ConfigShape.wholeNumber(file, "", "blobDeletionBatch", 1, 100_000, defaults.batch());
        Duration pause = duration(null, null, file, "blobDeletionPause", defaults.pause());
        if (pause.isNegative()) {
            throw new StartupException("config: blobDeletionPause must not be negative");
        }
        return new BlobDeletionPace(batch, pause);
    }

    /** Checked before anything is written into it, so that the error names the setting, not a file inside. */
    private static Path usableDataDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StartupException("--data " + dir.toAbsolutePath() + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StartupException.io("--data " + dir.toAbsolutePath() + ": cannot create the data directory", e);
        }
        if (!Files.isWritable(dir) || !Files.isReadable(dir)) {
            throw new StartupException("--data " + dir.toAbsolutePath() + ": the data directory is not readable and "
                    + "writable by this user");
        }
        return dir;
    }

    /** One key id with two identities would make authentication depend on load order. */
    private static void refuseKeyGivenTwice(RootCredentials root, String rootSource, List<Credential> fromFile) {
        for (Credential credential : fromFile) {
            if (credential.accessKeyId().equals(root.accessKeyId())) {
                throw new StartupException("access key id " + root.accessKeyId() + " of the default account's root ("
                        + rootSource + ") is also a key of " + credential.caller().arn()
                        + " in the config file; every key id must be unique");
            }
        }
    }

    private String region(JsonNode file, Map<String, String> env) {
        String setting = region != null ? "--region" : env.get("PERMAFROST_REGION") != null ? "PERMAFROST_REGION"
                : text(file, "region") != null ? "config: region" : null;
        String value = pick(region, env.get("PERMAFROST_REGION"), text(file, "region"), ServerConfig.DEFAULT_REGION);
        if (setting != null && !REGION.matcher(value).matches()) {
            throw new StartupException(setting + ": '" + value + "' is not a region name such as us-east-1");
        }
        return value;
    }

    private int port(JsonNode file, int fallback) {
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new StartupException("--port: " + port + " is not a TCP port (0 to 65535)");
            }
            return port;
        }
        return (int) ConfigShape.wholeNumber(file, "", "port", 0, 65535, fallback);
    }

    private OperationsSettings operations(JsonNode file) {
        Integer resolvedAdminPort = adminPort;
        if (resolvedAdminPort != null && (resolvedAdminPort < 0 || resolvedAdminPort > 65535)) {
            throw new StartupException("--admin-port: " + resolvedAdminPort + " is not a TCP port (0 to 65535)");
        }
        if (resolvedAdminPort == null && file != null && file.has("adminPort")) {
            resolvedAdminPort = (int) ConfigShape.wholeNumber(file, "", "adminPort", 0, 65535, 0);
        }
        String log = accessLog != null ? accessLog.toString() : text(file, "accessLog");
        return new OperationsSettings(pick(adminHost, null, text(file, "adminHost"), OperationsSettings.DEFAULT_ADMIN_HOST),
                resolvedAdminPort, log == null ? null : Path.of(log));
    }

    /** The flag or the file's {@code tls.keyStore} turns HTTPS on; the password stays out of argv. */
    private TlsSettings tls(JsonNode file, Map<String, String> env) {
        JsonNode section = file == null ? null : file.get("tls");
        ConfigShape.requireKnown(section, "tls", Set.of("keyStore", "keyStorePassword"));
        Path keyStore = tlsKeyStore != null ? tlsKeyStore
                : section != null && section.hasNonNull("keyStore") ? Path.of(section.get("keyStore").asText()) : null;
        if (keyStore == null) {
            return null;
        }
        String password = env.getOrDefault("PERMAFROST_TLS_KEYSTORE_PASSWORD",
                section != null && section.hasNonNull("keyStorePassword") ? section.get("keyStorePassword").asText() : "");
        TlsSettings settings = new TlsSettings(keyStore, password);
        KeyStoreCheck.requireServerKey(settings, tlsKeyStore != null ? "--tls-keystore" : "config: tls.keyStore");
        return settings;
    }

    private static String text(JsonNode file, String member) {
        return file != null && file.hasNonNull(member) ? file.get(member).asText() : null;
    }

    private static String pick(String flag, String env, String file, String fallback) {
        return flag != null ? flag : env != null ? env : file != null ? file : fallback;
    }

    private static Duration duration(String flagName, String flag, JsonNode file, String member, Duration fallback) {
        if (flag != null) {
            return Durations.parse(flagName, flag);
        }
        String text = text(file, member);
        return text == null ? fallback : Durations.parse("config: " + member, text);
    }
}
