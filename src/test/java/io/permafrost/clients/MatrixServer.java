package io.permafrost.clients;

import io.permafrost.auth.Credential;
import io.permafrost.cli.PermafrostServer;
import io.permafrost.cli.ServerConfig;
import io.permafrost.glacier.Caller;
import io.permafrost.testing.RequestedBackend;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import io.permafrost.clock.SystemTimeSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The server the client matrix talks to: real clock (outside clients sign with their own), AWS-shaped
 * keys (some clients refuse others), jobs done at once, and a second account to be refused. On the
 * backend the run asked for (the cluster lane runs the SNS/SQS matrix test on PostgreSQL).
 */
final class MatrixServer implements AutoCloseable {
    static final String ACCOUNT = "111122223333";
    static final String KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String OTHER_ACCOUNT = "444455556666";
    static final String OTHER_KEY = "AKIAI44QH8DHBEXAMPLE";
    static final String OTHER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    static final String REGION = "us-east-1";

    private final Path dataDir;
    private final RequestedBackend backend;
    private final PermafrostServer server;

    MatrixServer() throws Exception {
        this(0, null);
    }

    /** On {@code port} (0: any free one), speaking TLS with {@code tls} unless it is null. */
    MatrixServer(int port, io.permafrost.http.TlsSettings tls) throws Exception {
        dataDir = Files.createTempDirectory("permafrost-clients");
        List<Credential> credentials = List.of(Credential.permanent(KEY, SECRET, Caller.root(ACCOUNT)),
                Credential.permanent(OTHER_KEY, OTHER_SECRET, Caller.root(OTHER_ACCOUNT)));
        backend = RequestedBackend.forDataDir(dataDir);
        ServerConfig config = backend.applyTo(ServerConfig.defaults(dataDir, credentials).withPort(port));
        server = PermafrostServer.start(tls == null ? config : config.withTls(tls), SystemTimeSource.INSTANCE);
    }

    int port() {
        return server.port();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The environment an outside client (CLI, boto3, node, terraform) runs with: keys, region, no profile. */
    Map<String, String> clientEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_DEFAULT_REGION", REGION,
                "AWS_REGION", REGION, "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    @Override
    public void close() throws Exception {
        server.close();
        backend.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
