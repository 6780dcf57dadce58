package io.permafrost.evidence;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The bundle's bytes on their way to the file: SHA-256 of everything up to the end of the signed line
 * (the digest the signature is made over), and of one section at a time (the per-section digests that let
 * {@code evidence verify} name what was changed). Nothing is kept but the digests, whatever the size.
 */
final class SignedBytes extends FilterOutputStream {
    private final MessageDigest signed = sha256();
    private MessageDigest section;
    private boolean signing = true;
    /** A section starts with its value: the ':' the generator writes before it is the field name's. */
    private boolean skipColon;

    SignedBytes(OutputStream out) {
        super(out);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void startSection() {
        section = sha256();
        skipColon = true;
    }

    /** The SHA-256 (hex) of the section's bytes since {@link #startSection}. */
    String endSection() {
        String hex = HexFormat.of().formatHex(section.digest());
        section = null;
        return hex;
    }

    /** Ends the signed part: bytes written from now on are not signed; returns the digest to sign. */
    byte[] endSigned() {
        signing = false;
        return signed.digest();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (signing) {
            signed.update(bytes, offset, length);
            if (section != null) {
                int from = offset;
                int count = length;
                if (skipColon && count > 0) {
                    if (bytes[from] == ':') {
                        from++;
                        count--;
                    }
                    skipColon = false;
                }
                section.update(bytes, from, count);
            }
        }
        out.write(bytes, offset, length);
    }

    /** Flushes are how the writer marks section boundaries: they need not reach the disk each time. */
    @Override
    public void flush() {
    }
}
