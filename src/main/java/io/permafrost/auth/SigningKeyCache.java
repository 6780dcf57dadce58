package io.permafrost.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives the SigV4 signing key (spec 5.4) and remembers it. The key only changes with the secret,
 * the day and the region, so caching saves four HMACs on every request.
 */
final class SigningKeyCache {
    private record Key(String secret, String date, String region, String service) {
    }

    private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();
    private final int maxEntries;

    SigningKeyCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Callers must not modify the returned array: it is shared. */
    byte[] signingKey(String secret, String date, String region) {
        return signingKey(secret, date, region, CredentialScope.SERVICE);
    }

    byte[] signingKey(String secret, String date, String region, String service) {
        Key key = new Key(secret, date, region, service);
        byte[] cached = keys.get(key);
        if (cached != null) {
            return cached;
        }
        // Bounded by dropping everything: entries are cheap to rebuild and a full cache only happens
        // with many keys or after days of uptime, so LRU bookkeeping is not worth it.
        if (keys.size() >= maxEntries) {
            keys.clear();
        }
        return keys.computeIfAbsent(key, k -> derive(k.secret(), k.date(), k.region(), k.service()));
    }

    int size() {
        return keys.size();
    }

    static byte[] derive(String secret, String date, String region) {
        return derive(secret, date, region, CredentialScope.SERVICE);
    }

    static byte[] derive(String secret, String date, String region, String service) {
        byte[] kDate = HmacSha256.mac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = HmacSha256.mac(kDate, region);
        byte[] kService = HmacSha256.mac(kRegion, service);
        return HmacSha256.mac(kService, CredentialScope.TERMINATOR);
    }
}
