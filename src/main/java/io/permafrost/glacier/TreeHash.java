package io.permafrost.glacier;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Glacier SHA-256 tree hash (spec 6.1), computed while bytes stream past in O(log n) memory.
 * Feed bytes with {@link #update}, then call {@link #digest()} once.
 */
public final class TreeHash {
    public static final int CHUNK_SIZE = 1024 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest chunkDigest = sha256();
    private final List<Node> stack = new ArrayList<>();
    /** The chunk digests in order, kept only when asked for (32 bytes per MiB). */
    private final ByteArrayOutputStream leaves;
    private int bytesInChunk;
    private boolean anyChunk;

    public TreeHash() {
        this(false);
    }

    private TreeHash(boolean keepLeaves) {
        this.leaves = keepLeaves ? new ByteArrayOutputStream() : null;
    }

    /** A tree hash that also keeps every chunk's digest, for {@link #leaves()}. */
    public static TreeHash keepingLeaves() {
        return new TreeHash(true);
    }

    private record Node(int level, byte[] digest) {
    }

    public void update(byte[] buffer, int offset, int length) {
        while (length > 0) {
            int take = Math.min(length, CHUNK_SIZE - bytesInChunk);
            chunkDigest.update(buffer, offset, take);
            bytesInChunk += take;
            offset += take;
            length -= take;
            if (bytesInChunk == CHUNK_SIZE) {
                finishChunk();
            }
        }
    }

    public void update(byte[] buffer) {
        update(buffer, 0, buffer.length);
    }

    private void finishChunk() {
        byte[] leaf = chunkDigest.digest();
        if (leaves != null) {
            leaves.writeBytes(leaf);
        }
        push(new Node(0, leaf));
        bytesInChunk = 0;
        anyChunk = true;
    }

    private void push(Node node) {
        stack.add(node);
        while (stack.size() >= 2) {
            Node upper = stack.get(stack.size() - 1);
            Node lower = stack.get(stack.size() - 2);
            if (upper.level != lower.level) {
                break;
            }
            stack.remove(stack.size() - 1);
            stack.set(stack.size() - 1, new Node(lower.level + 1, pair(lower.digest, upper.digest)));
        }
    }

    /** The raw 32-byte tree hash of everything fed so far. */
    public byte[] digest() {
        if (bytesInChunk > 0 || !anyChunk) {
            finishChunk();
        }
        byte[] acc = stack.get(stack.size() - 1).digest;
        for (int i = stack.size() - 2; i >= 0; i--) {
            acc = pair(stack.get(i).digest, acc);
        }
        return acc;
    }

    /** The leaves of everything fed so far (finishing the last chunk, like {@link #digest()}). */
    public LeafHashes leaves() {
        if (leaves == null) {
            throw new IllegalStateException("this tree hash was not asked to keep its leaves");
        }
        digest();
        return LeafHashes.fromBytes(leaves.toByteArray());
    }

    public String hexDigest() {
        return HEX.formatHex(digest());
    }

    /** Tree hash of a whole byte array. */
    public static String of(byte[] data) {
        TreeHash hash = new TreeHash();
        hash.update(data);
        return hash.hexDigest();
    }

    /**
     * Combines consecutive subtree hashes (multipart part hashes, each a node of the archive's tree
     * because part sizes are powers of two MiB) into the tree hash of the whole: steps 2-3 of 6.1.
     */
    public static byte[] combine(List<byte[]> levelDigests) {
        if (levelDigests.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        List<byte[]> level = levelDigests;
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? pair(level.get(i), level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }

    public static String toHex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** Decodes a 64-hex-character hash; null when the text is not hex (any length is allowed by hex rules). */
    public static byte[] parseHexOrNull(String text) {
        if (text == null || text.isEmpty() || (text.length() & 1) == 1) {
            return null;
        }
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] pair(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update(left);
        md.update(right);
        return md.digest();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
