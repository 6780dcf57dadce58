package io.permafrost.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * SigV4's percent-encoding: every byte except the RFC 3986 unreserved set is written as
 * {@code %XX} with upper-case hex. Works on bytes so that any UTF-8 (or invalid) input round-trips.
 */
final class PercentCodec {
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /** Encodes the UTF-8 bytes of {@code text}; '/' is left alone only when {@code keepSlash}. */
    static String encode(String text, boolean keepSlash) {
        return encode(text.getBytes(StandardCharsets.UTF_8), keepSlash);
    }

    static String encode(byte[] bytes, boolean keepSlash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XX} escapes to bytes. '+' stays '+' (SigV4 is not form encoding), and a '%' not
     * followed by two hex digits is kept literally so that re-encoding turns it into {@code %25}.
     */
    static byte[] decode(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length) {
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi >= 0 && lo >= 0) {
                    out.write((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }
            out.write(raw[i]);
        }
        return out.toByteArray();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
