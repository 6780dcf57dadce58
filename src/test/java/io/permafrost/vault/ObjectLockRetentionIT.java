package io.permafrost.vault;

import io.permafrost.glacier.IdGenerator;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobSegment;
import io.permafrost.store.BlobStore.BlobWriter;
import io.permafrost.store.LockRecord;
import io.permafrost.store.LockRecord.LockState;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.store.s3.S3BlobStore;
import io.permafrost.store.s3.S3Settings;
import io.permafrost.testing.TestObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object Lock behind a Locked vault, on a real RGW bucket: once the lock completes, the object of an
 * archive the vault already held cannot be deleted even with the object store's own keys; an
 * InProgress lock leaves it deletable (it may still be aborted).
 */
class ObjectLockRetentionIT {
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;
    private S3Settings settings;
    private S3BlobStore blobs;
    private S3Client ownKeys;
    private SqliteMetadataStore store;
    private VaultRecord vault;
    private ObjectLockRetention retention;

    @BeforeEach
    void open() {
        settings = TestObjectStore.settingsOrSkip();
        blobs = new S3BlobStore(settings);
        ownKeys = S3BlobStore.clientFor(settings);
        store = new SqliteMetadataStore(dir.resolve("metadata.db"));
        Instant now = Instant.now();
        vault = store.vaults().createIfAbsent(ACCOUNT, "records", now, 1000).orElseThrow();
        retention = new ObjectLockRetention(store, blobs,
                new AccessGate(store.vaults(), Clock.fixed(now, ZoneOffset.UTC), ServiceSettings.defaults("us-east-1")));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
            ownKeys.close();
            blobs.close();
        }
    }

    private String archiveWithOneBlob() throws Exception {
        String blobId;
        try (BlobWriter writer = blobs.create()) {
            writer.write(new byte[] {1, 2, 3}, 0, 3);
            blobId = writer.commit();
        }
        assertThat(store.archives().insert(new ArchiveRecord(new IdGenerator().archiveId(), vault.id(), "", 3,
                "0".repeat(64), Instant.now(), List.of(new BlobSegment(blobId, 3, "0".repeat(64), null))))).isTrue();
        return blobId;
    }

    private void lock(LockState state) {
        LockRecord current = store.vaults().lock(vault.id()).orElse(null);
        assertThat(store.vaults().replaceLock(vault.id(), current, new LockRecord(
                ObjectLockRetentionTest.policy("NumericLessThan", "1"), state, "lock-1", Instant.now(),
                state == LockState.LOCKED ? null : Instant.now().plus(Duration.ofDays(1))))).isTrue();
    }

    private void deleteCurrentVersion(String blobId) {
        String key = S3BlobStore.keyOf(blobId);
        String version = ownKeys.headObject(b -> b.bucket(settings.bucket()).key(key)).versionId();
        ownKeys.deleteObject(b -> b.bucket(settings.bucket()).key(key).versionId(version));
    }

    @Test
    void aLockedVaultsArchiveCannotBeDeletedWithTheStoresOwnKeys() throws Exception {
        String blobId = archiveWithOneBlob();
        lock(LockState.LOCKED);

        retention.extendExisting(vault);

        assertThatThrownBy(() -> deleteCurrentVersion(blobId))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void anInProgressLockLeavesTheObjectDeletable() throws Exception {
        String blobId = archiveWithOneBlob();
        lock(LockState.IN_PROGRESS);

        retention.extendExisting(vault);

        deleteCurrentVersion(blobId);
    }
}
