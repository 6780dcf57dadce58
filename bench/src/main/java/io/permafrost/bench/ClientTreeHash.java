package io.permafrost.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Glacier SHA-256 tree hash, client side: the Java SDK does not compute it, so the benchmark
 * does, before the clock starts (a real tool would have it from an earlier pass or a manifest).
 * Kept here rather than borrowed from the server so the bench module stands alone.
 */
final class ClientTreeHash {
    static final int CHUNK = 1024 * 1024;

    private ClientTreeHash() {
    }

    /** Tree hash of {@code length} bytes of {@code data} from {@code offset}. */
    static byte[] of(byte[] data, int offset, int length) {
        List<byte[]> level = new ArrayList<>();
        MessageDigest sha = sha256();
        for (int at = offset; at < offset + length || level.isEmpty(); at += CHUNK) {
            sha.update(data, at, Math.min(CHUNK, offset + length - at));
            level.add(sha.digest());
        }
        return combine(level);
    }

    /** Combines sibling digests pairwise up to one root; also combines whole-subtree part hashes. */
    static byte[] combine(List<byte[]> digests) {
        List<byte[]> level = new ArrayList<>(digests);
        MessageDigest sha = sha256();
        while (level.size() > 1) {
            List<byte[]> upper = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 == level.size()) {
                    upper.add(level.get(i));
                } else {
                    sha.update(level.get(i));
                    sha.update(level.get(i + 1));
                    upper.add(sha.digest());
                }
            }
            level = upper;
        }
        return level.get(0);
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
