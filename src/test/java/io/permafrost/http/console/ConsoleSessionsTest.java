package io.permafrost.http.console;

import io.permafrost.auth.Credential;
import io.permafrost.auth.InMemoryCredentialStore;
import io.permafrost.glacier.Caller;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.embedded.EmbeddedBackend;
import io.permafrost.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionsTest {
    private static final Credential KEY = Credential.permanent("K", "secret", Caller.root("111122223333"));
    private final MutableClock clock = new MutableClock();
    private final InMemoryCredentialStore credentials = new InMemoryCredentialStore(List.of(KEY));
    @TempDir
    Path dataDir;
    private EmbeddedBackend storage;
    private ConsoleSessions sessions;

    @BeforeEach
    void open() throws Exception {
        storage = EmbeddedBackend.openForServing(dataDir, StorageBackend.Admission.NONE);
        sessions = new ConsoleSessions(storage.consoleSessions(), credentials, clock, Duration.ofMinutes(15),
                Duration.ofHours(8));
    }

    @AfterEach
    void close() throws Exception {
        storage.close();
    }

    @Test
    void sessionIdsAndCsrfTokensAre256BitRandomAndDistinct() {
        ConsoleSession a = sessions.open(KEY);
        ConsoleSession b = sessions.open(KEY);
        assertThat(a.id()).hasSize(43).isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken());
        assertThat(a.csrfToken()).hasSize(43).isNotEqualTo(b.csrfToken());
    }

    @Test
    void idleSessionEndsAfterFifteenMinutesWithoutUse() {
        ConsoleSession s = sessions.open(KEY);
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.find(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.find(s.id())).as("used 14 minutes ago: still live").isPresent();
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.find(s.id())).isEmpty();
    }

    @Test
    void aBusySessionStillEndsAtTheAbsoluteLimit() {
        ConsoleSession s = sessions.open(KEY);
        for (int i = 0; i < 47; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(sessions.find(s.id())).isPresent();
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.find(s.id())).as("8 h after sign-in").isEmpty();
    }

    @Test
    void signOutForgetsTheSessionAndUnknownIdsFindNothing() {
        ConsoleSession s = sessions.open(KEY);
        sessions.close(s.id());
        assertThat(sessions.find(s.id())).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("forged")).isEmpty();
    }

    @Test
    void aSessionWhoseKeyIsNoLongerConfiguredEnds() {
        ConsoleSession s = sessions.open(KEY);
        ConsoleSessions afterKeyRemoved = new ConsoleSessions(storage.consoleSessions(),
                new InMemoryCredentialStore(List.of()), clock, Duration.ofMinutes(15), Duration.ofHours(8));
        assertThat(afterKeyRemoved.find(s.id())).isEmpty();
        assertThat(sessions.find(s.id())).as("forgotten, not only refused").isEmpty();
    }

    @Test
    void endedSessionsArePrunedWhenTheNextOneOpens() {
        sessions.open(KEY);
        clock.advance(Duration.ofMinutes(15));
        sessions.open(KEY);
        assertThat(storage.consoleSessions().pruneEnded(clock.instant())).as("the first was pruned already").isZero();
    }

    @Test
    void failedSignInsBackOffPerKeyAndPerAddressAndASuccessClears() {
        SignInThrottle throttle = new SignInThrottle(clock);
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.waitBefore("K", "10.0.0.1")).isEmpty();
            throttle.failed("K", "10.0.0.1");
        }
        assertThat(throttle.waitBefore("K", "10.0.0.1")).contains(Duration.ofSeconds(30));
        assertThat(throttle.waitBefore("K", "10.9.9.9")).as("same key, elsewhere").isPresent();
        assertThat(throttle.waitBefore("OTHER", "10.0.0.1")).as("same address, other key").isPresent();
        assertThat(throttle.waitBefore("OTHER", "10.9.9.9")).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        throttle.failed("K", "10.0.0.1");
        assertThat(throttle.waitBefore("K", "10.0.0.1")).as("doubles").contains(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        throttle.succeeded("K", "10.0.0.1");
        assertThat(throttle.waitBefore("K", "10.0.0.1")).isEmpty();
    }

    @Test
    void tokensCompareOnlyWhenEqual() {
        assertThat(SessionTokens.same("abc", "abc")).isTrue();
        assertThat(SessionTokens.same("abc", "abd")).isFalse();
        assertThat(SessionTokens.same("abc", null)).isFalse();
        assertThat(SessionTokens.same(null, null)).isFalse();
    }
}
