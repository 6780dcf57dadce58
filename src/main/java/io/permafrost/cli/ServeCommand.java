package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.http.TlsSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code serve}: runs the Glacier API with the embedded store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the Glacier API on PORT with the embedded store in DIR.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--data", description = "Data directory, created if missing (default ./permafrost-data).")
    Path data;

    @Option(names = "--config", description = "JSON configuration file (accounts, users, keys, settings).")
    Path config;

    @Option(names = "--region", description = "Region used for signing and in ARNs (default us-east-1).")
    String region;

    @Option(names = "--lock-expiry", description = "How long an InProgress vault lock lives (default 24h).")
    String lockExpiry;

    @Option(names = "--clock-skew", description = "Allowed request clock skew (default 15m).")
    String clockSkew;

    @Option(names = "--tls-keystore", description = "PKCS#12 key store with the server key and certificate: "
            + "serve HTTPS instead of HTTP. Its password comes from PERMAFROST_TLS_KEYSTORE_PASSWORD.")
    Path tlsKeyStore;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        JsonNode file = config == null ? null : AccountsFile.read(config);
        ServerConfig resolved = resolve(file, env);
        try (PermafrostServer server = PermafrostServer.start(resolved, Clock.systemUTC())) {
            System.out.printf("Permafrost serving the Glacier API on %s://%s:%d (data in %s, region %s)%n",
                    resolved.tls() == null ? "http" : "https", resolved.host(), server.port(), resolved.dataDir().toAbsolutePath(), resolved.region());
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

    ServerConfig resolve(JsonNode file, Map<String, String> env) throws java.io.IOException {
        Path dataDir = data != null ? data : file != null && file.hasNonNull("data")
                ? Path.of(file.get("data").asText()) : ServerConfig.DEFAULT_DATA;
        List<Credential> credentials = new ArrayList<>(AccountsFile.credentials(file == null ? null : file.get("accounts")));
        String configuredAccount = file != null && file.hasNonNull("defaultAccountId")
                ? file.get("defaultAccountId").asText() : null;
        RootCredentials root = RootCredentials.resolve(env, dataDir, configuredAccount);
        credentials.add(Credential.permanent(root.accessKeyId(), root.secretAccessKey(), Caller.root(root.accountId())));
        if (root.generated()) {
            System.out.printf("Generated a root key for account %s (kept in %s):%n"
                            + "  export AWS_ACCESS_KEY_ID=%s%n  export AWS_SECRET_ACCESS_KEY=%s%n"
                            + "  export AWS_DEFAULT_REGION=%s%n",
                    root.accountId(), dataDir.resolve(RootCredentials.FILE), root.accessKeyId(), root.secretAccessKey(),
                    pick(region, env.get("PERMAFROST_REGION"), text(file, "region"), ServerConfig.DEFAULT_REGION));
        }
        ServerConfig defaults = ServerConfig.defaults(dataDir, credentials);
        return new ServerConfig(
                pick(host, null, text(file, "host"), defaults.host()),
                port != null ? port : file != null && file.hasNonNull("port") ? file.get("port").asInt() : defaults.port(),
                dataDir,
                pick(region, env.get("PERMAFROST_REGION"), text(file, "region"), defaults.region()),
                credentials,
                duration(lockExpiry, text(file, "lockExpiry"), defaults.lockExpiry()),
                duration(clockSkew, text(file, "clockSkew"), defaults.clockSkew()),
                duration(null, text(file, "requestIdleTimeout"), defaults.requestIdleTimeout()),
                file != null && file.hasNonNull("maxVaultsPerAccount") ? file.get("maxVaultsPerAccount").asInt()
                        : defaults.maxVaultsPerAccount(),
                defaults.httpThreads(),
                JobsSection.read(file == null ? null : file.get("jobs")),
                RetrievalSection.read(file == null ? null : file.get("retrieval")),
                NotificationsSection.read(file == null ? null : file.get("notifications")),
                InventorySection.read(file == null ? null : file.get("inventory")),
                tls(file, env));
    }

    /** The flag or the file's {@code tls.keyStore} turns HTTPS on; the password stays out of argv. */
    private TlsSettings tls(JsonNode file, Map<String, String> env) {
        JsonNode section = file == null ? null : file.get("tls");
        Path keyStore = tlsKeyStore != null ? tlsKeyStore
                : section != null && section.hasNonNull("keyStore") ? Path.of(section.get("keyStore").asText()) : null;
        if (keyStore == null) {
            return null;
        }
        String password = env.getOrDefault("PERMAFROST_TLS_KEYSTORE_PASSWORD",
                section != null && section.hasNonNull("keyStorePassword") ? section.get("keyStorePassword").asText() : "");
        return new TlsSettings(keyStore, password);
    }

    private static String text(JsonNode file, String member) {
        return file != null && file.hasNonNull(member) ? file.get(member).asText() : null;
    }

    private static String pick(String flag, String env, String file, String fallback) {
        return flag != null ? flag : env != null ? env : file != null ? file : fallback;
    }

    private static Duration duration(String flag, String file, Duration fallback) {
        String text = flag != null ? flag : file;
        return text == null ? fallback : Durations.parse(text);
    }
}
