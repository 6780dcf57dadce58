package io.permafrost.intake;

import java.io.IOException;
import java.io.InputStream;

/** An InputStream whose single-byte read is its bulk read of one byte, so each subclass writes the logic once. */
abstract class BulkInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;
}
