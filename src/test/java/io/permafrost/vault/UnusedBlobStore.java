package io.permafrost.vault;

import io.permafrost.store.BlobStore;

import java.io.InputStream;

/**
 * A blob store whose bytes a test never touches: a fake that records one kind of call extends this and
 * overrides only that, and any other call fails the test loudly instead of passing silently.
 */
abstract class UnusedBlobStore implements BlobStore {
    @Override
    public BlobWriter create() {
        throw new UnsupportedOperationException();
    }

    @Override
    public InputStream open(String blobId, long offset, long length) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long size(String blobId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void delete(String blobId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public SweepReport sweep(ReferenceCheck references) {
        throw new UnsupportedOperationException();
    }
}
