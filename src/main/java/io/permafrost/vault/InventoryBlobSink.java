package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.BlobStore.BlobWriter;

import java.io.IOException;
import java.io.OutputStream;

/** An OutputStream into a new blob that counts the bytes and tree-hashes them on the way. */
final class InventoryBlobSink extends OutputStream {
    private final BlobWriter writer;
    private final TreeHash treeHash = new TreeHash();
    private long size;

    InventoryBlobSink(BlobWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        writer.write(buffer, offset, length);
        treeHash.update(buffer, offset, length);
        size += length;
    }

    long size() {
        return size;
    }

    String treeHash() {
        return treeHash.hexDigest();
    }
}
