package io.permafrost.glacier;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Opaque, unguessable, URL-safe ids of the length classes real clients expect (spec 3.7). */
public final class IdGenerator {
    public static final int ARCHIVE_ID_LENGTH = 138;
    public static final int UPLOAD_ID_LENGTH = 92;
    public static final int JOB_ID_LENGTH = 92;
    public static final int LOCK_ID_LENGTH = 24;
    public static final int REQUEST_ID_LENGTH = 47;

    private static final char[] URL_SAFE =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final int ALPHANUMERIC_COUNT = 62;

    /*
     * One generator per thread: the platform default (NativePRNG) funnels every instance through one
     * process-wide lock, which a profile under 256 clients showed as the top monitor (1,632 waits of
     * 10 ms or more). DRBG instances are independent of each other and reseed themselves.
     */
    private final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(IdGenerator::newGenerator);

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    public String archiveId() {
        return urlSafe(ARCHIVE_ID_LENGTH);
    }

    public String uploadId() {
        return urlSafe(UPLOAD_ID_LENGTH);
    }

    public String jobId() {
        return urlSafe(JOB_ID_LENGTH);
    }

    public String lockId() {
        return alphanumeric(LOCK_ID_LENGTH);
    }

    public String capacityId() {
        return alphanumeric(LOCK_ID_LENGTH);
    }

    public String requestId() {
        return urlSafe(REQUEST_ID_LENGTH);
    }

    public String urlSafe(int length) {
        return draw(length, URL_SAFE.length);
    }

    public String alphanumeric(int length) {
        return draw(length, ALPHANUMERIC_COUNT);
    }

    private String draw(int length, int alphabetSize) {
        // One nextBytes call per id, not one nextInt per character: each call takes the generator's lock.
        char[] out = new char[length];
        byte[] bytes = new byte[length + length / 4 + 8];
        SecureRandom random = this.random.get();
        int filled = 0;
        while (filled < length) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int sixBits = bytes[i] & 63; // uniform over 0..63
                // Rejecting the rest keeps a 62-letter alphabet uniform too. The first character is never
                // '-' or '_': an id that begins with '-' is taken for an option by command lines that pass
                // it as its own argument (the AWS CLI's `--archive-id $ID` failed so, 1 run in 64).
                int allowed = filled == 0 ? ALPHANUMERIC_COUNT : alphabetSize;
                if (sixBits < allowed) {
                    out[filled++] = URL_SAFE[sixBits];
                }
            }
        }
        return new String(out);
    }
}
