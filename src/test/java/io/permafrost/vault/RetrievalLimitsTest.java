package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.store.CapacityRecord;
import io.permafrost.store.RetrievalPolicyRecord;
import io.permafrost.store.AccountStore;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The admission rules of spec 17.3 and 18.3 against the real embedded store. */
class RetrievalLimitsTest {
    private static final String ACCOUNT = "111122223333";
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-10T10:00:00Z"));
    private SqliteMetadataStore metadata;
    private AccountStore accounts;

    @BeforeEach
    void open() {
        metadata = new SqliteMetadataStore(dir.resolve("metadata.db"));
        accounts = metadata.accounts();
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    private RetrievalLimits limits(RetrievalSettings settings) {
        return new RetrievalLimits(accounts, clock, settings);
    }

    private static void assertRefused(Runnable admit, ErrorCode code) {
        GlacierException e = catchThrowableOfType(GlacierException.class, admit::run);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        if (code == ErrorCode.POLICY_ENFORCED) {
            assertThat(e.getMessage()).isEqualTo("InitiateJob request denied by current data retrieval policy.");
        }
    }

    @Test
    void noPolicyAdmitsEverything() {
        RetrievalLimits limits = limits(RetrievalSettings.defaults());
        for (int i = 0; i < 20; i++) {
            limits.admit(ACCOUNT, "Standard", 40L * 1024 * MIB * 1024);
        }
    }

    @Test
    void bytesPerHourCountsTheTrailingWindowAndFreesUpWhenItPasses() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 1000L));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1)));
        limits.admit(ACCOUNT, "Standard", 600);
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 401), ErrorCode.POLICY_ENFORCED);
        limits.admit(ACCOUNT, "Standard", 400); // exactly the quota
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 1), ErrorCode.POLICY_ENFORCED);
        clock.advance(Duration.ofMinutes(59));
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 1), ErrorCode.POLICY_ENFORCED);
        clock.advance(Duration.ofMinutes(1).plusMillis(1));
        limits.admit(ACCOUNT, "Standard", 1000);
    }

    @Test
    void bytesPerHourSpreadsEachRetrievalOverTheNominalStandardDuration() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 1000L));
        RetrievalLimits limits = limits(RetrievalSettings.defaults()); // 4 h window: 4000 bytes in flight = 1000/h
        limits.admit(ACCOUNT, "Standard", 3000);
        limits.admit(ACCOUNT, "Standard", 1000);
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 1), ErrorCode.POLICY_ENFORCED);
        clock.advance(Duration.ofHours(4).plusMillis(1));
        limits.admit(ACCOUNT, "Standard", 4000);
    }

    @Test
    void aSingleRetrievalAboveTheQuotaIsRefusedAndNotRecorded() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", MIB));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1)));
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", MIB + 1), ErrorCode.POLICY_ENFORCED);
        limits.admit(ACCOUNT, "Standard", MIB); // the refused one left nothing behind
    }

    @Test
    void onlyStandardRetrievalsAreLimitedAndCounted() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 100L));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1)));
        limits.admit(ACCOUNT, "Bulk", 10 * MIB);
        limits.admit(ACCOUNT, "Expedited", 10 * MIB);
        limits.admit(ACCOUNT, "Standard", 100);
        assertRefused(() -> limits.admit(ACCOUNT, null, 1), ErrorCode.POLICY_ENFORCED); // no tier = Standard
    }

    @Test
    void retrievalsAdmittedUnderNoPolicyCountOnceAQuotaIsSet() {
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1)));
        limits.admit(ACCOUNT, "Standard", 900);
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 1000L));
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 101), ErrorCode.POLICY_ENFORCED);
        limits.admit(ACCOUNT, "Standard", 100);
    }

    @Test
    void accountsAreMeasuredSeparately() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 1000L));
        accounts.setRetrievalPolicy("444455556666", new RetrievalPolicyRecord("BytesPerHour", 1000L));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1)));
        limits.admit(ACCOUNT, "Standard", 1000);
        limits.admit("444455556666", "Standard", 1000);
    }

    @Test
    void freeTierAllowsTheDailyAllowancePerUtcDay() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("FreeTier", null));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withFreeTierBytesPerDay(5000));
        limits.admit(ACCOUNT, "Standard", 3000);
        clock.advance(Duration.ofHours(13)); // 23:00 UTC, same day
        limits.admit(ACCOUNT, "Standard", 2000);
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 1), ErrorCode.POLICY_ENFORCED);
        clock.advance(Duration.ofHours(1)); // midnight: a new day's allowance
        limits.admit(ACCOUNT, "Standard", 5000);
    }

    @Test
    void theLedgerSurvivesAReopenOfTheStore() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 1000L));
        RetrievalSettings settings = RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1));
        limits(settings).admit(ACCOUNT, "Standard", 1000);
        metadata.close();
        open();
        assertRefused(() -> limits(settings).admit(ACCOUNT, "Standard", 1), ErrorCode.POLICY_ENFORCED);
    }

    @Test
    void concurrentAdmissionsNeverOvershootTheQuota() throws Exception {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("BytesPerHour", 10_000L));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withRateWindow(Duration.ofHours(1)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(() -> {
                    try {
                        limits.admit(ACCOUNT, "Standard", 1000);
                        return true;
                    } catch (GlacierException e) {
                        return false;
                    }
                });
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(10);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void expeditedIsAlwaysAdmittedByDefault() {
        RetrievalLimits limits = limits(RetrievalSettings.defaults());
        for (int i = 0; i < 50; i++) {
            limits.admit(ACCOUNT, "Expedited", MIB);
        }
    }

    @Test
    void expeditedWithAnOnDemandLimitNeedsCapacityBeyondIt() {
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withOnDemandExpedited(1));
        limits.admit(ACCOUNT, "Expedited", MIB);
        assertRefused(() -> limits.admit(ACCOUNT, "Expedited", MIB), ErrorCode.INSUFFICIENT_CAPACITY);
        Instant now = clock.instant();
        accounts.addCapacity(ACCOUNT, new CapacityRecord("AAAAAAAAAAAAAAAAAAAAAAAA", now,
                ProvisionedCapacityService.expiryOf(now)), 2);
        for (int i = 0; i < 3; i++) {
            limits.admit(ACCOUNT, "Expedited", MIB);
        }
        assertRefused(() -> limits.admit(ACCOUNT, "Expedited", MIB), ErrorCode.INSUFFICIENT_CAPACITY);
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        for (int i = 0; i < 4; i++) {
            limits.admit(ACCOUNT, "Expedited", MIB);
        }
        // Standard and Bulk are untouched by the Expedited limit.
        assertThatCode(() -> limits.admit(ACCOUNT, "Bulk", MIB)).doesNotThrowAnyException();
        assertThatCode(() -> limits.admit(ACCOUNT, "Standard", MIB)).doesNotThrowAnyException();
    }

    @Test
    void insufficientCapacityIsA503ServerError() {
        assertThat(ErrorCode.INSUFFICIENT_CAPACITY.httpStatus()).isEqualTo(503);
        assertThat(ErrorCode.INSUFFICIENT_CAPACITY.type()).isEqualTo("Server");
    }

    @Test
    void rateArithmeticIsExactAtTheExtremes() {
        assertThat(RetrievalLimits.withinRate(0, Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofHours(1))).isTrue();
        assertThat(RetrievalLimits.withinRate(1, Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofHours(1))).isFalse();
        assertThat(RetrievalLimits.withinRate(0, 4000, 1000, Duration.ofHours(4))).isTrue();
        assertThat(RetrievalLimits.withinRate(0, 4001, 1000, Duration.ofHours(4))).isFalse();
        assertThat(RetrievalLimits.withinRate(1000, 500, 1000, Duration.ofMinutes(90))).isTrue();
        assertThat(RetrievalLimits.withinRate(1000, 501, 1000, Duration.ofMinutes(90))).isFalse();
    }

    @Test
    void pruningForgetsOnlyWhatNoWindowCanReach() {
        accounts.setRetrievalPolicy(ACCOUNT, new RetrievalPolicyRecord("FreeTier", null));
        RetrievalLimits limits = limits(RetrievalSettings.defaults().withFreeTierBytesPerDay(1000));
        limits.admit(ACCOUNT, "Standard", 1000);
        limits.pruneLedger();
        assertRefused(() -> limits.admit(ACCOUNT, "Standard", 1), ErrorCode.POLICY_ENFORCED);
        clock.advance(Duration.ofHours(26));
        assertThat(accounts.deleteRetrievalsBefore(clock.instant().minus(Duration.ofHours(25)))).isEqualTo(1);
    }
}
