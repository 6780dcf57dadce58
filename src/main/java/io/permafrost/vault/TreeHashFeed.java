package io.permafrost.vault;

import io.permafrost.glacier.LeafHashes;
import io.permafrost.glacier.TreeHash;

/**
 * Where a body's tree hash is computed while it streams in: the caller asks for a buffer, fills it,
 * does its own work on it (the linear SHA-256, the write) and then hands it over. Either on the
 * request thread ({@link SameThread}) or on a second thread ({@link OffThreadTreeHash}).
 */
interface TreeHashFeed {
    /** A buffer to fill next; it is the caller's until it is passed to {@link #hash}. */
    byte[] nextBuffer();

    /** Adds the first {@code length} bytes of {@code buffer} (from {@link #nextBuffer}) to the tree hash. */
    void hash(byte[] buffer, int length);

    /**
     * The tree hash of everything handed over, once all of it is hashed. {@code payloadDigest} is the
     * caller's SHA-256 of the same bytes, which is the tree hash itself for a body of at most one chunk.
     */
    Tree tree(byte[] payloadDigest);

    /** A body's tree hash (hex) and its leaves, as the blob's manifest keeps them. */
    record Tree(String hex, LeafHashes leaves) {
        static Tree of(TreeHash tree) {
            return new Tree(tree.hexDigest(), tree.leaves());
        }
    }

    /** One buffer, hashed on the calling thread before it is filled again. */
    final class SameThread implements TreeHashFeed {
        private final TreeHash tree = TreeHash.keepingLeaves();
        private final byte[] buffer;

        SameThread(int bufferSize) {
            this.buffer = new byte[bufferSize];
        }

        @Override
        public byte[] nextBuffer() {
            return buffer;
        }

        @Override
        public void hash(byte[] filled, int length) {
            tree.update(filled, 0, length);
        }

        @Override
        public Tree tree(byte[] payloadDigest) {
            return Tree.of(tree);
        }
    }

    /**
     * For a body of at most one chunk, whose tree hash is its SHA-256 (spec 6.1: a single leaf is the
     * root): the caller's payload digest is the tree hash, so nothing is hashed here a second time.
     */
    final class PayloadDigestIsTree implements TreeHashFeed {
        private final byte[] buffer;

        PayloadDigestIsTree(int bufferSize) {
            this.buffer = new byte[bufferSize];
        }

        @Override
        public byte[] nextBuffer() {
            return buffer;
        }

        @Override
        public void hash(byte[] filled, int length) {
            // The caller's SHA-256 of the whole body already is the tree hash.
        }

        @Override
        public Tree tree(byte[] payloadDigest) {
            return new Tree(TreeHash.toHex(payloadDigest), LeafHashes.fromBytes(payloadDigest));
        }
    }
}
