package io.permafrost.store.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where the cluster's archive bytes live: a bucket of an S3-compatible store (Ceph RGW is the
 * reference), reached path-style at {@code endpoint}. The bucket must have been created with Object
 * Lock enabled for the Locked-vault retention to apply.
 */
public record S3Settings(String bucket, URI endpoint, String region, String accessKey, String secretKey) {

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    /** Never prints the secret: settings end up in log lines and exception messages. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", accessKey="
                + accessKey + "]";
    }
}
