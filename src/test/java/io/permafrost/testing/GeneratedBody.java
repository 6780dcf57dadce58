package io.permafrost.testing;

import io.permafrost.glacier.TreeHash;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic body of any length that is generated as it is read, so a test can upload gigabytes
 * without holding them. Every MiB is a seeded random block stamped with its own index, so no two
 * MiB chunks are alike (a server that dropped, repeated or swapped a chunk would change the tree hash).
 */
public final class GeneratedBody {
    private static final int BLOCK = TreeHash.CHUNK_SIZE;
    private static final int STAMP = Long.BYTES;

    private final long length;
    private final long seed;
    private final byte[] block = new byte[BLOCK];

    public GeneratedBody(long length, long seed) {
        this.length = length;
        this.seed = seed;
        new Random(seed).nextBytes(block);
    }

    public long length() {
        return length;
    }

    /** The whole body as a fresh stream. */
    public InputStream stream() {
        return stream(0, length);
    }

    /** {@code count} bytes of the body starting at {@code from}. */
    public InputStream stream(long from, long count) {
        if (from < 0 || count < 0 || from + count > length) {
            throw new IllegalArgumentException("range outside the body");
        }
        return new Reader(from, from + count);
    }

    /** An SDK request body for bytes {@code [from, from + count)}, re-readable (the SDK hashes it before sending). */
    public RequestBody requestBody(long from, long count) {
        ContentStreamProvider provider = () -> stream(from, count);
        return RequestBody.fromContentProvider(provider, count, "application/octet-stream");
    }

    public RequestBody requestBody() {
        return requestBody(0, length);
    }

    /** The tree hash of the whole body, computed by reading it (one pass, constant memory). */
    public String treeHash() {
        return treeHash(0, length);
    }

    public String treeHash(long from, long count) {
        TreeHash hash = new TreeHash();
        byte[] buffer = new byte[BLOCK];
        try (InputStream in = stream(from, count)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                hash.update(buffer, 0, n);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return hash.hexDigest();
    }

    /** The tree hash of each {@code partSize} part, in order, computed in one pass. */
    /** The archive's tree hash from its part hashes (each part a node of the tree, spec 6.1). */
    public static String combine(List<String> partHashes) {
        return TreeHash.toHex(TreeHash.combine(partHashes.stream().map(TreeHash::parseHexOrNull).toList()));
    }

    public List<String> partTreeHashes(long partSize) {
        List<String> hashes = new ArrayList<>();
        for (long from = 0; from < length; from += partSize) {
            hashes.add(treeHash(from, Math.min(partSize, length - from)));
        }
        return hashes;
    }

    private byte byteAt(long position) {
        int inBlock = (int) (position % BLOCK);
        if (inBlock < STAMP) {
            long stamp = (position / BLOCK) ^ seed;
            return (byte) (stamp >>> (8 * (STAMP - 1 - inBlock)));
        }
        return block[inBlock];
    }

    private final class Reader extends InputStream {
        private long position;
        private final long end;

        Reader(long position, long end) {
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() {
            if (position >= end) {
                return -1;
            }
            return byteAt(position++) & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (count == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int inBlock = (int) (position % BLOCK);
            int n = (int) Math.min(Math.min(count, BLOCK - inBlock), end - position);
            System.arraycopy(block, inBlock, buffer, offset, n);
            // The first bytes of each MiB carry its index instead of the shared block.
            for (int i = 0; i < n && inBlock + i < STAMP; i++) {
                buffer[offset + i] = byteAt(position + i);
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
