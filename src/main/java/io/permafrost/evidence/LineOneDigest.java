package io.permafrost.evidence;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The bundle's bytes on their way to the parser: SHA-256 of line 1 (every byte up to and including the
 * first LF), the digest its signature must be over, and where line 1 ends.
 */
final class LineOneDigest extends FilterInputStream {
    private final MessageDigest digest = SignedBytes.sha256();
    private long position;
    /** The offset just past the first LF; -1 until it is read. */
    private long lineEnd = -1;

    LineOneDigest(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0 && lineEnd < 0) {
            int signed = n;
            for (int i = 0; i < n; i++) {
                if (buffer[offset + i] == '\n') {
                    signed = i + 1;
                    lineEnd = position + signed;
                    break;
                }
            }
            digest.update(buffer, offset, signed);
        }
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would be missing from the digest: read them instead.
        byte[] sink = new byte[(int) Math.min(8192, Math.max(1, n))];
        int read = read(sink, 0, sink.length);
        return Math.max(0, read);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long lineEnd() {
        return lineEnd;
    }

    /** The digest of line 1; only meaningful once the whole stream has been read and {@link #lineEnd} is set. */
    byte[] digest() {
        return digest.digest();
    }
}
