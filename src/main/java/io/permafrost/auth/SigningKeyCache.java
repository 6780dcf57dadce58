package io.permafrost.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives the SigV4 signing key (spec 5.4) and remembers it. The key only changes with the secret,
 * the day and the region, so caching saves four HMACs on every request.
 */
final class SigningKeyCache {
    private record Key(String secret, String date, String region) {
    }

    private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();
    private final int maxEntries;

    SigningKeyCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Callers must not modify the returned array: it is shared. */
    byte[] signingKey(String secret, String date, String region) {
        Key key = new Key(secret, date, region);
        byte[] cached = keys.get(key);
        if (cached != null) {
            return cached;
        }
        // Bounded by dropping everything: entries are cheap to rebuild and a full cache only happens
        // with many keys or after days of uptime, so LRU bookkeeping is not worth it.
        if (keys.size() >= maxEntries) {
            keys.clear();
        }
        return keys.computeIfAbsent(key, k -> derive(k.secret(), k.date(), k.region()));
    }

    int size() {
        return keys.size();
    }

    static byte[] derive(String secret, String date, String region) {
        byte[] kDate = HmacSha256.mac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = HmacSha256.mac(kDate, region);
        byte[] kService = HmacSha256.mac(kRegion, CredentialScope.SERVICE);
        return HmacSha256.mac(kService, CredentialScope.TERMINATOR);
    }
}
