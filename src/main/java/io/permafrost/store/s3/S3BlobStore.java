package io.permafrost.store.s3;

import io.permafrost.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Archive bytes as objects of one bucket of an S3-compatible store, shared by every node of a
 * cluster. Each blob is one object under {@code blobs/} named by a random internal id (never a user
 * string); a Glacier part is a blob of its own, so completing a multipart upload writes no bytes.
 * A blob is written as one PUT when it fits one {@link S3BlobWriter#PART_SIZE} buffer, else as an S3
 * multipart upload that only becomes an object at commit (an abandoned one is aborted).
 *
 * <p>Every failure of the store is an {@link IOException} here, with a log line naming the call and
 * the object, which the domain answers with ServiceUnavailableException; nothing half-written
 * becomes visible.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
    private static final String PREFIX = "blobs/";
    private static final HexFormat HEX = HexFormat.of();

    private final S3Settings settings;
    private final S3Client s3;
    private final SecureRandom random = new SecureRandom();
    private final PublishedBlobs published;

    public S3BlobStore(S3Settings settings) {
        this(settings, PublishedBlobs.NONE);
    }

    /** {@code published}: where each blob is noted just before it becomes an object (for the orphan collector). */
    public S3BlobStore(S3Settings settings, PublishedBlobs published) {
        this.settings = settings;
        this.s3 = clientFor(settings);
        this.published = published;
    }

    /** The client every call of the store goes through; public so operators' tools and tests talk to the bucket alike. */
    public static S3Client clientFor(S3Settings settings) {
        return S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .forcePathStyle(true)
                // RGW refuses the SDK's default checksum trailers; the domain hashes and verifies the
                // bytes itself (tree hash and per-MiB leaves), so nothing is lost.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // The calls S3 requires an integrity header for (PutObjectRetention) also get the
                // Content-MD5 that older S3-compatible stores insist on (RGW 16 takes either; tried).
                .addPlugin(LegacyMd5Plugin.create())
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(256))
                .build();
    }

    S3Client client() {
        return s3;
    }

    String bucket() {
        return settings.bucket();
    }

    PublishedBlobs published() {
        return published;
    }

    /** A blob as the bucket lists it: its id and when its object was last written (S3's Last-Modified). */
    public record StoredBlob(String blobId, Instant lastModified) {
    }

    /**
     * Every blob the bucket holds, in key order, a page (1,000 keys) at a time: memory does not grow with
     * the bucket. Keys under {@code blobs/} that are not blob ids (nothing of ours) are passed over.
     */
    public void listBlobs(java.util.function.Consumer<List<StoredBlob>> pages) throws IOException {
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(PREFIX))) {
                List<StoredBlob> blobs = new ArrayList<>();
                for (var object : page.contents()) {
                    String id = object.key().substring(PREFIX.length());
                    if (isBlobId(id)) {
                        blobs.add(new StoredBlob(id, object.lastModified()));
                    }
                }
                pages.accept(blobs);
            }
        } catch (SdkException e) {
            throw failure("ListObjectsV2", PREFIX, e);
        }
    }

    /**
     * Deletes every version of the blob's object unless one is under Object Lock retention: then nothing
     * is logged above debug (an orphan of a Locked vault stays until its retention ends, as it must) and
     * false is answered. Other failures are logged as every delete failure is.
     */
    public boolean deleteUnlessRetained(String blobId) {
        String key = keyOf(blobId);
        try {
            deleteVersions(key);
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                LOG.debug("object store: {} is under retention, kept: {}", key, e.getMessage());
                return false;
            }
            failure("DeleteObject", key, e);
            return false;
        } catch (SdkException e) {
            failure("DeleteObject", key, e);
            return false;
        }
    }

    private static boolean isBlobId(String id) {
        return id.length() == 32 && id.chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    }

    /** The object key of a blob: its internal id under {@code blobs/}. */
    public static String keyOf(String blobId) {
        if (!isBlobId(blobId)) {
            throw new IllegalArgumentException("not a blob id: " + blobId);
        }
        return PREFIX + blobId;
    }

    /** A store failure as the domain expects it, with the log line an operator needs. */
    IOException failure(String call, String key, SdkException e) {
        LOG.warn("object store {} bucket {}: {} {} failed: {}", settings.endpoint(), settings.bucket(), call, key,
                e.getMessage());
        return new IOException("object store " + call + " failed: " + e.getMessage(), e);
    }

    @Override
    public BlobWriter create() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new S3BlobWriter(this, HEX.formatHex(bytes));
    }

    @Override
    public InputStream open(String blobId, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IOException("invalid range " + offset + "+" + length + " of blob " + blobId);
        }
        String key = keyOf(blobId);
        if (length == 0) {
            // S3 has no empty range; the object must still exist.
            size(blobId);
            return new ByteArrayInputStream(new byte[0]);
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(b -> b.bucket(settings.bucket()).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (SdkException e) {
            throw failure("GetObject", key, e);
        }
        Long got = in.response().contentLength();
        if (got == null || got != length) {
            in.abort();
            throw new IOException("blob " + blobId + " answered " + got + " bytes for range " + offset + "+" + length);
        }
        return new RangeStream(in, length);
    }

    /** The bucket answers (HeadBucket with the store's own keys): what readiness needs of the object store. */
    @Override
    public void checkWritable() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            throw failure("HeadBucket", "", e);
        }
    }

    @Override
    public long size(String blobId) throws IOException {
        String key = keyOf(blobId);
        try {
            return s3.headObject(b -> b.bucket(settings.bucket()).key(key)).contentLength();
        } catch (SdkException e) {
            throw failure("HeadObject", key, e);
        }
    }

    /**
     * Removes every version of the object: the bucket is versioned (Object Lock requires it), and a
     * plain delete would only hide the bytes behind a delete marker. A version still under retention
     * stays; the failure is logged, as every delete failure is (the caller has nothing to undo).
     */
    @Override
    public void delete(String blobId) {
        String key = keyOf(blobId);
        try {
            deleteVersions(key);
        } catch (SdkException e) {
            failure("DeleteObject", key, e);
        }
    }

    private void deleteVersions(String key) {
        List<String> versions = new ArrayList<>();
        var listing = s3.listObjectVersions(b -> b.bucket(settings.bucket()).prefix(key));
        listing.versions().stream().map(ObjectVersion::versionId).forEach(versions::add);
        listing.deleteMarkers().stream().map(DeleteMarkerEntry::versionId).forEach(versions::add);
        for (String version : versions) {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key).versionId(version));
        }
    }

    /**
     * Nothing: the bucket is shared by every node, and an object nothing refers to may be another
     * node's write whose metadata commit is moments away. Orphans are collected by the cluster's
     * own background work, which can tell the two apart.
     */
    @Override
    public SweepReport sweep(ReferenceCheck references) {
        LOG.info("object store {} bucket {}: no start-up sweep (the bucket is shared by the cluster's nodes)",
                settings.endpoint(), settings.bucket());
        return new SweepReport(0, 0, 0, null);
    }

    @Override
    public boolean retainsBlobs() {
        return true;
    }

    /**
     * COMPLIANCE retention on the object until {@code until}: from then on not even the holder of the
     * store's keys can delete it early. Only ever extends: a later date already set is kept (S3
     * refuses to shorten COMPLIANCE retention anyway), so calling it again is harmless.
     */
    @Override
    public void retainUntil(String blobId, Instant until) throws IOException {
        // A retention already over (an archive imported with its original, older creation date) holds
        // nothing, and S3 refuses a retain-until date in the past.
        if (!until.isAfter(Instant.now())) {
            return;
        }
        String key = keyOf(blobId);
        Instant current = currentRetention(key);
        if (current != null && !current.isBefore(until)) {
            return;
        }
        try {
            s3.putObjectRetention(b -> b.bucket(settings.bucket()).key(key)
                    .retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)));
        } catch (SdkException e) {
            throw failure("PutObjectRetention", key, e);
        }
    }

    private Instant currentRetention(String key) throws IOException {
        try {
            return s3.getObjectRetention(b -> b.bucket(settings.bucket()).key(key)).retention().retainUntilDate();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchKey".equals(e.awsErrorDetails().errorCode())) {
                return null;
            }
            throw failure("GetObjectRetention", key, e);
        } catch (SdkException e) {
            throw failure("GetObjectRetention", key, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
