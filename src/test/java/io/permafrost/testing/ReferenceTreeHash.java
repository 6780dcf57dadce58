package io.permafrost.testing;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A deliberately naive tree hash, written straight from spec 6.1 steps 1-3 (all leaves, then level by
 * level), independent of the server's streaming {@code TreeHash}, so tests can catch a bug in it.
 */
public final class ReferenceTreeHash {
    private static final int MIB = 1024 * 1024;

    private ReferenceTreeHash() {
    }

    public static String of(byte[] data, int from, int to) {
        List<byte[]> level = new ArrayList<>();
        for (int off = from; off < to || level.isEmpty(); off += MIB) {
            level.add(sha256(data, off, Math.min(MIB, to - off)));
        }
        return fold(level);
    }

    /** Steps 2-3 of spec 6.1: pairs hashed level by level, an odd last digest carried up unchanged. */
    public static String fold(List<byte[]> digests) {
        List<byte[]> level = digests;
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                if (i + 1 == level.size()) {
                    next.add(level.get(i));
                } else {
                    byte[] pair = new byte[64];
                    System.arraycopy(level.get(i), 0, pair, 0, 32);
                    System.arraycopy(level.get(i + 1), 0, pair, 32, 32);
                    next.add(sha256(pair, 0, 64));
                }
            }
            level = next;
        }
        return HexFormat.of().formatHex(level.get(0));
    }

    public static String of(byte[] data) {
        return of(data, 0, data.length);
    }

    private static byte[] sha256(byte[] data, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, off, Math.max(0, len));
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
