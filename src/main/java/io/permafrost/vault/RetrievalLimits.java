package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.store.AccountStore;
import io.permafrost.store.RetrievalTotals;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * Admits or refuses an archive retrieval at InitiateJob (spec 17.3, 18.3).
 *
 * <p>Standard retrievals are measured against the account's data retrieval policy: every admitted
 * Standard retrieval is written to a persistent ledger (so a restart forgets nothing), and
 * <ul>
 * <li>BytesPerHour: the retrieval's bytes count as spread evenly over {@code rateWindow} (AWS's nominal
 *     4 h), so the hourly rate is the sum of bytes admitted in the trailing window divided by its hours;
 *     refused when the sum including the new retrieval would exceed the quota;</li>
 * <li>FreeTier: refused when the bytes admitted since the start of the UTC day, plus the new ones,
 *     exceed the configured daily allowance;</li>
 * <li>None: always admitted (still recorded, so a policy set later sees what is in progress).</li>
 * </ul>
 * Expedited retrievals are admitted unless an on-demand limit is configured; then each account may
 * start that many per five minutes plus three per active provisioned-capacity unit. Bulk retrievals
 * and inventory jobs are never limited. The check and the recording are one store transaction.
 */
public final class RetrievalLimits implements RetrievalAdmission {
    static final String POLICY_ENFORCED_MESSAGE = "InitiateJob request denied by current data retrieval policy.";
    static final String INSUFFICIENT_CAPACITY_MESSAGE = "There is not enough capacity to process this expedited "
            + "request. Purchase provisioned capacity, or retry later.";
    private static final String STANDARD = "Standard";
    private static final String EXPEDITED = "Expedited";
    private static final Duration EXPEDITED_WINDOW = Duration.ofMinutes(5);
    private static final BigInteger MILLIS_PER_HOUR = BigInteger.valueOf(Duration.ofHours(1).toMillis());

    private final AccountStore store;
    private final Clock clock;
    private final RetrievalSettings settings;

    public RetrievalLimits(AccountStore store, Clock clock, RetrievalSettings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void admit(String accountId, String tier, long bytes) {
        String effectiveTier = tier == null ? STANDARD : tier;
        if (effectiveTier.equals(STANDARD)) {
            admitStandard(accountId, bytes);
        } else if (effectiveTier.equals(EXPEDITED)) {
            admitExpedited(accountId, bytes);
        }
    }

    private void admitStandard(String accountId, long bytes) {
        DataRetrievalRule rule = store.retrievalPolicy(accountId)
                .map(r -> new DataRetrievalRule(r.strategy(), r.bytesPerHour()))
                .orElse(DataRetrievalRule.NO_LIMIT);
        Instant now = clock.instant();
        Instant since;
        Predicate<RetrievalTotals> accepts;
        switch (rule.strategy()) {
            case DataRetrievalRule.BYTES_PER_HOUR -> {
                since = now.minus(settings.rateWindow());
                accepts = totals -> withinRate(totals.bytes(), bytes, rule.bytesPerHour(), settings.rateWindow());
            }
            case DataRetrievalRule.FREE_TIER -> {
                since = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
                accepts = totals -> BigInteger.valueOf(totals.bytes()).add(BigInteger.valueOf(bytes))
                        .compareTo(BigInteger.valueOf(settings.freeTierBytesPerDay())) <= 0;
            }
            default -> {
                since = now;
                accepts = totals -> true;
            }
        }
        if (!store.recordRetrievalIf(accountId, STANDARD, now, bytes, since, accepts)) {
            throw new GlacierException(ErrorCode.POLICY_ENFORCED, POLICY_ENFORCED_MESSAGE);
        }
    }

    /** (prior + bytes) spread over {@code window} must not exceed {@code bytesPerHour}; exact integer arithmetic. */
    static boolean withinRate(long priorBytes, long bytes, long bytesPerHour, Duration window) {
        BigInteger total = BigInteger.valueOf(priorBytes).add(BigInteger.valueOf(bytes));
        BigInteger allowed = BigInteger.valueOf(bytesPerHour).multiply(BigInteger.valueOf(window.toMillis()));
        return total.multiply(MILLIS_PER_HOUR).compareTo(allowed) <= 0;
    }

    private void admitExpedited(String accountId, long bytes) {
        if (settings.onDemandExpeditedPerFiveMinutes() == RetrievalSettings.UNLIMITED) {
            return;
        }
        Instant now = clock.instant();
        long units = store.activeCapacity(accountId, now).size();
        long allowed = settings.onDemandExpeditedPerFiveMinutes() + RetrievalSettings.EXPEDITED_PER_UNIT * units;
        if (!store.recordRetrievalIf(accountId, EXPEDITED, now, bytes, now.minus(EXPEDITED_WINDOW),
                totals -> totals.count() < allowed)) {
            throw new GlacierException(ErrorCode.INSUFFICIENT_CAPACITY, INSUFFICIENT_CAPACITY_MESSAGE);
        }
    }

    /** Forgets ledger entries no window can reach any more (the longest is a UTC day). */
    public void pruneLedger() {
        Duration keep = settings.rateWindow().compareTo(Duration.ofHours(25)) > 0
                ? settings.rateWindow() : Duration.ofHours(25);
        store.deleteRetrievalsBefore(clock.instant().minus(keep));
    }
}
