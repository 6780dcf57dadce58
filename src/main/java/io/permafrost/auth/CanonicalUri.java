package io.permafrost.auth;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The canonical URI of a non-S3 service (spec 5.3). Clients normalise the already-encoded path and
 * then encode it a second time, so the server does the same to the raw path it received: an incoming
 * {@code %2F} becomes {@code %252F}.
 */
final class CanonicalUri {
    private CanonicalUri() {
    }

    static String of(String rawPath) {
        String normalized = removeDotAndEmptySegments(rawPath == null ? "" : rawPath);
        return PercentCodec.encode(normalized, true);
    }

    /**
     * RFC 3986 dot-segment removal on the encoded path. Empty segments are dropped too because
     * botocore does so when signing; a '..' above the root is discarded rather than kept.
     */
    static String removeDotAndEmptySegments(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        if (kept.isEmpty()) {
            return "/";
        }
        return "/" + String.join("/", kept) + (path.endsWith("/") ? "/" : "");
    }
}
