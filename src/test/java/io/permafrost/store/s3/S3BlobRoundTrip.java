package io.permafrost.store.s3;

import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.testing.GeneratedBody;

import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Run in a JVM of its own with a small heap by {@link S3BlobStreamingIT}: writes a generated blob of
 * the given size through the S3 blob store, reads it back, and prints the SHA-256 of what went in and
 * of what came out. Args: endpoint bucket region accessKey secretKey bytes.
 */
public final class S3BlobRoundTrip {
    private S3BlobRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        S3Settings settings = new S3Settings(args[1], URI.create(args[0]), args[2], args[3], args[4]);
        GeneratedBody body = new GeneratedBody(Long.parseLong(args[5]), 42);
        try (S3BlobStore blobs = new S3BlobStore(settings)) {
            MessageDigest in = MessageDigest.getInstance("SHA-256");
            String id;
            try (BlobWriter writer = blobs.create(); InputStream source = body.stream()) {
                byte[] buffer = new byte[256 * 1024];
                for (int n; (n = source.read(buffer)) > 0; ) {
                    in.update(buffer, 0, n);
                    writer.write(buffer, 0, n);
                }
                id = writer.commit();
            }
            MessageDigest out = MessageDigest.getInstance("SHA-256");
            try (InputStream stored = blobs.open(id, 0, body.length())) {
                byte[] buffer = new byte[256 * 1024];
                for (int n; (n = stored.read(buffer)) > 0; ) {
                    out.update(buffer, 0, n);
                }
            }
            blobs.delete(id);
            System.out.println("in " + HexFormat.of().formatHex(in.digest()));
            System.out.println("out " + HexFormat.of().formatHex(out.digest()));
        }
    }
}
