package io.permafrost.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The engines a cluster benchmark runs on, started beforehand with {@code dev/engines.sh start} and named
 * by the variables {@code dev/engines.sh env} prints: a fresh PostgreSQL schema and a fresh Object Lock
 * bucket for this run only, dropped and emptied at the end, so a shared pair of engines is left as found.
 */
final class ClusterEngines implements AutoCloseable {
    private final String baseUrl;
    private final String schema;
    private final String endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final BenchBucket bucket;

    private ClusterEngines(String baseUrl, String endpoint, String region, String accessKey, String secretKey)
            throws SQLException {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        this.baseUrl = baseUrl;
        this.schema = "bench_" + id;
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = new BenchBucket(endpoint, region, "pf-bench-" + id, accessKey, secretKey);
        try (Connection c = DriverManager.getConnection(baseUrl); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        bucket.create();
    }

    /** From the environment {@code eval "$(dev/engines.sh env)"} sets; says what is missing otherwise. */
    static ClusterEngines fromEnvironment() throws SQLException {
        String url = need("PERMAFROST_TEST_PG_URL");
        return new ClusterEngines(url, need("PERMAFROST_TEST_S3_ENDPOINT"),
                System.getenv().getOrDefault("PERMAFROST_TEST_S3_REGION", "default"),
                need("PERMAFROST_S3_ACCESS_KEY_ID"), need("PERMAFROST_S3_SECRET_ACCESS_KEY"));
    }

    private static String need(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: the cluster benchmark needs PostgreSQL and Ceph "
                    + "RGW running. Start them with `dev/engines.sh start`, then `eval \"$(dev/engines.sh env)\"`.");
        }
        return value;
    }

    /** The {@code serve} flags of a node of this run's cluster. */
    List<String> serveFlags() {
        return List.of("--metadata", metadataUrl(), "--blobs", "s3://" + bucket.name(), "--s3-endpoint", endpoint,
                "--s3-region", region);
    }

    /** The object store's keys, which a node reads from its environment. */
    Map<String, String> environment() {
        return Map.of("PERMAFROST_S3_ACCESS_KEY_ID", accessKey, "PERMAFROST_S3_SECRET_ACCESS_KEY", secretKey);
    }

    int postgresPort() {
        return portOf(baseUrl, 5432);
    }

    int objectStorePort() {
        return portOf(endpoint, 80);
    }

    /** The flags as printed: the database password hidden. */
    String describe() {
        return String.join(" ", serveFlags()).replaceAll("password=[^&\\s]*", "password=***");
    }

    private String metadataUrl() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
        bucket.deleteWithEverything();
        try (Connection c = DriverManager.getConnection(baseUrl); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static int portOf(String url, int otherwise) {
        URI uri = URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url);
        return uri.getPort() < 0 ? otherwise : uri.getPort();
    }
}
