package io.permafrost.glacier;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SHA-256 of every 1 MiB chunk of a run of bytes, in order: the leaves of its tree hash (spec
 * 6.1). Recorded at upload, they let a reader verify any chunk on its own, so a byte range is checked
 * by reading only the chunks that cover it. 32 bytes per MiB; an immutable value (equal when the
 * hashes are).
 */
public final class LeafHashes {
    public static final int LEAF_SIZE = 32;

    private final byte[] concatenated;

    private LeafHashes(byte[] concatenated) {
        this.concatenated = concatenated;
    }

    /** From the stored form (the leaves one after the other); null stays null (nothing was recorded). */
    public static LeafHashes fromBytes(byte[] concatenated) {
        if (concatenated == null) {
            return null;
        }
        if (concatenated.length == 0 || concatenated.length % LEAF_SIZE != 0) {
            throw new IllegalArgumentException("leaf hashes must be a positive multiple of 32 bytes, got "
                    + concatenated.length);
        }
        return new LeafHashes(concatenated.clone());
    }

    /** The stored form: the leaves one after the other. */
    public byte[] toBytes() {
        return concatenated.clone();
    }

    public int count() {
        return concatenated.length / LEAF_SIZE;
    }

    /** Whether {@code digest} is the recorded SHA-256 of chunk {@code index}. */
    public boolean matches(int index, byte[] digest) {
        return MessageDigest.isEqual(leaf(index), digest);
    }

    /**
     * Whether these are the leaves of a run of {@code length} bytes with tree hash {@code treeHash}:
     * one per chunk, adding up to it. Leaves that do not cannot vouch for any chunk.
     */
    public boolean addUpTo(long length, String treeHash) {
        long chunks = Math.max(1, (length + TreeHash.CHUNK_SIZE - 1) / TreeHash.CHUNK_SIZE);
        return count() == chunks && treeHash().equalsIgnoreCase(treeHash);
    }

    /** The tree hash of the whole run, from its leaves alone. */
    public String treeHash() {
        List<byte[]> leaves = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            leaves.add(leaf(i));
        }
        return TreeHash.toHex(TreeHash.combine(leaves));
    }

    /** The SHA-256 of chunk {@code index}. */
    public byte[] leaf(int index) {
        return Arrays.copyOfRange(concatenated, index * LEAF_SIZE, (index + 1) * LEAF_SIZE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LeafHashes that && Arrays.equals(concatenated, that.concatenated);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(concatenated);
    }

    @Override
    public String toString() {
        return count() + " leaf hashes";
    }
}
