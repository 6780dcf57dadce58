package io.permafrost.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree hashes a Glacier client must send for a payload file, computed before any clock starts
 * from one pass over it: the SHA-256 of each 1 MiB chunk (the tree's leaves), from which the whole
 * file's and every part's tree hash follow.
 */
final class PayloadHashes {
    private static final int MIB = 1 << 20;

    private final List<byte[]> leaves;

    private PayloadHashes(List<byte[]> leaves) {
        this.leaves = leaves;
    }

    /** The hashes of the first {@code size} bytes of {@code file}. */
    static PayloadHashes of(Path file, long size) throws IOException {
        MessageDigest leaf = ClientTreeHash.sha256();
        List<byte[]> leaves = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(MIB);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long at = 0; at < size; at += MIB) {
                buffer.clear().limit((int) Math.min(MIB, size - at));
                while (buffer.hasRemaining()) {
                    if (in.read(buffer, at + buffer.position()) < 0) {
                        throw new IOException(file + " ended before " + size + " bytes");
                    }
                }
                leaf.update(buffer.array(), 0, buffer.position());
                leaves.add(leaf.digest());
            }
        }
        return new PayloadHashes(leaves);
    }

    String wholeTreeHash() {
        return ClientTreeHash.hex(ClientTreeHash.combine(leaves));
    }

    /** The tree hash of part {@code index} of {@code partMib} MiB: its leaves combined. */
    String partTreeHash(int partMib, int index) {
        int from = index * partMib;
        return ClientTreeHash.hex(ClientTreeHash.combine(leaves.subList(from, Math.min(leaves.size(), from + partMib))));
    }
}
