package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.store.cluster.ClusterSettings;
import picocli.CommandLine.Option;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The cluster flags of every command that opens storage ({@code serve}, {@code scrub}, {@code export},
 * {@code import}, through {@link StorageOptions}), as one picocli mixin: {@code --metadata}, {@code --blobs},
 * {@code --s3-endpoint}, {@code --s3-region} (flags win over the config file's {@code metadata},
 * {@code blobs}, {@code s3Endpoint}, {@code s3Region}) and the object store's keys from the environment.
 * Without a metadata URL the server is embedded; half a cluster configuration is refused.
 */
public final class ClusterOptions {
    static final String DEFAULT_S3_REGION = "us-east-1";

    @Option(names = "--metadata", description = "Cluster mode: JDBC URL of the PostgreSQL metadata database "
            + "shared by every node (default: the embedded store in --data).")
    String metadata;

    @Option(names = "--blobs", description = "Cluster mode: the shared blob store, s3://BUCKET (keys from "
            + "PERMAFROST_S3_ACCESS_KEY_ID and PERMAFROST_S3_SECRET_ACCESS_KEY) or file:DIR.")
    String blobs;

    @Option(names = "--s3-endpoint", description = "Cluster mode: the S3 endpoint URL, e.g. http://127.0.0.1:7480.")
    String s3Endpoint;

    @Option(names = "--s3-region", description = "Cluster mode: the S3 region (default us-east-1).")
    String s3Region;

    /** The cluster settings, or null for the embedded store. */
    ClusterSettings resolve(JsonNode file, Map<String, String> env) {
        String url = pick(metadata, file, "metadata");
        String blobStore = pick(blobs, file, "blobs");
        String endpoint = pick(s3Endpoint, file, "s3Endpoint");
        String region = pick(s3Region, file, "s3Region");
        if (url == null) {
            if (blobStore != null || endpoint != null || region != null) {
                throw new StartupException("--blobs, --s3-endpoint and --s3-region need --metadata (cluster mode)");
            }
            return null;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StartupException("--metadata " + url + ": expected jdbc:postgresql://HOST:PORT/DATABASE");
        }
        if (blobStore == null) {
            throw new StartupException("--metadata needs --blobs s3://BUCKET (the blob store every node shares)");
        }
        String accessKey = env.get("PERMAFROST_S3_ACCESS_KEY_ID");
        String secretKey = env.get("PERMAFROST_S3_SECRET_ACCESS_KEY");
        if (blobStore.startsWith("s3://") && (accessKey == null || secretKey == null || endpoint == null)) {
            throw new StartupException("--blobs " + blobStore + " needs --s3-endpoint and the object store's keys in "
                    + "PERMAFROST_S3_ACCESS_KEY_ID and PERMAFROST_S3_SECRET_ACCESS_KEY");
        }
        return new ClusterSettings(url, null, blobStore, endpoint == null ? null : URI.create(endpoint),
                region == null ? DEFAULT_S3_REGION : region, accessKey, secretKey);
    }

    /**
     * The root key of a cluster node: only from PERMAFROST_ACCESS_KEY_ID / PERMAFROST_SECRET_ACCESS_KEY
     * (or none, when the config file's accounts carry keys). Never generated: a key generated on one node
     * would be unknown to the others, and requests would succeed or fail by which node answered.
     */
    static List<Credential> rootFromEnvironment(Map<String, String> env, String configuredAccount,
                                                List<Credential> fromFile) {
        String key = env.get("PERMAFROST_ACCESS_KEY_ID");
        String secret = env.get("PERMAFROST_SECRET_ACCESS_KEY");
        if (key == null && secret == null) {
            if (fromFile.isEmpty()) {
                throw new StartupException("cluster mode never generates a root key (every node must accept the same "
                        + "keys): set PERMAFROST_ACCESS_KEY_ID and PERMAFROST_SECRET_ACCESS_KEY, or give accounts "
                        + "with keys in the config file, identically on every node");
            }
            return List.of();
        }
        if (key == null || secret == null) {
            throw new StartupException((key == null ? "PERMAFROST_SECRET_ACCESS_KEY" : "PERMAFROST_ACCESS_KEY_ID")
                    + " is set but " + (key == null ? "PERMAFROST_ACCESS_KEY_ID" : "PERMAFROST_SECRET_ACCESS_KEY")
                    + " is not; set both or neither");
        }
        String account = env.getOrDefault("PERMAFROST_ACCOUNT_ID",
                configuredAccount != null ? configuredAccount : RootCredentials.DEFAULT_ACCOUNT);
        if (!AccountsFile.ACCOUNT_ID.matcher(account).matches()) {
            throw new StartupException("PERMAFROST_ACCOUNT_ID must be a 12-digit account id, got '" + account + "'");
        }
        return List.of(Credential.permanent(key, secret, Caller.root(account)));
    }

    private static String pick(String flag, JsonNode file, String member) {
        if (flag != null) {
            return flag;
        }
        return file != null && file.hasNonNull(member) ? file.get(member).asText() : null;
    }
}
