package io.permafrost.store.cluster;

import java.net.URI;

/**
 * Where a cluster keeps its state, identical on every node: the PostgreSQL metadata database (and the
 * schema in it; null for the connection's default) and the blob store ({@code s3://BUCKET} with its
 * endpoint, region and keys, or {@code file:DIR}, a directory every node mounts, for development).
 */
public record ClusterSettings(String metadataUrl, String metadataSchema, String blobs, URI s3Endpoint,
                              String s3Region, String s3AccessKey, String s3SecretKey) {

    /** Without keys: printable in logs and errors. */
    @Override
    public String toString() {
        return "metadata " + metadataUrl.replaceAll("password=[^&]*", "password=***") + ", blobs " + blobs;
    }
}
