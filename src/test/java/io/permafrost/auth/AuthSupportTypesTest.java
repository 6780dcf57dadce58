package io.permafrost.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small public types around the verifier. */
class AuthSupportTypesTest {
    private static final Caller ROOT = Caller.root("012345678901");

    @Test
    void payloadHashOfNothingIsTheEmptyConstant() {
        assertThat(PayloadHash.of(new byte[0])).isEqualTo(PayloadHash.EMPTY);
        assertThat(PayloadHash.of("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(PayloadHash.of("xabcx".getBytes(StandardCharsets.US_ASCII), 1, 3))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void signedRequestLooksUpHeadersCaseInsensitivelyAndKeepsAllValues() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Date", List.of("20120525T002453Z"));
        headers.put("x-multi", List.of("a"));
        headers.put("X-MULTI", List.of("b"));
        SignedRequest request = new SignedRequest("GET", "/", null, headers);

        assertThat(request.firstHeader("x-amz-date")).contains("20120525T002453Z");
        assertThat(request.header("x-Multi")).containsExactly("a", "b");
        assertThat(request.header("absent")).isEmpty();
        assertThat(request.firstHeader("absent")).isEmpty();
        assertThatThrownBy(() -> request.headers().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void storeFindsKnownKeysOnly() {
        Credential credential = Credential.permanent("AKID", "secret", ROOT);
        InMemoryCredentialStore store = new InMemoryCredentialStore(List.of(credential));

        assertThat(store.find("AKID")).contains(credential);
        assertThat(store.find("akid")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void storeRejectsTheSameKeyTwice() {
        assertThatThrownBy(() -> new InMemoryCredentialStore(List.of(
                Credential.permanent("AKID", "one", ROOT), Credential.permanent("AKID", "two", ROOT))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AKID");
    }

    @Test
    void credentialNeverPrintsItsSecrets() {
        Credential credential = new Credential("AKID", "very-secret", ROOT, "session-token", Instant.EPOCH);

        assertThat(credential.toString()).contains("AKID").doesNotContain("very-secret").doesNotContain("session-token");
    }

    @Test
    void signingKeysAreCachedAndTheCacheStaysBounded() {
        SigningKeyCache cache = new SigningKeyCache(2);
        byte[] first = cache.signingKey("s", "20120525", "us-east-1");

        assertThat(cache.signingKey("s", "20120525", "us-east-1")).isSameAs(first);
        assertThat(cache.signingKey("s", "20120526", "us-east-1")).isNotEqualTo(first);
        cache.signingKey("t", "20120525", "us-east-1");
        assertThat(cache.size()).isLessThanOrEqualTo(2);
        assertThat(cache.signingKey("s", "20120525", "us-east-1")).isEqualTo(first);
    }

    @Test
    void negativeSkewIsAConfigurationError() {
        assertThatThrownBy(() -> new SigV4Verifier(new InMemoryCredentialStore(List.of()), "us-east-1",
                Clock.systemUTC(), Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
