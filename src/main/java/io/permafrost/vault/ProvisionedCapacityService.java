package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.glacier.Operation;
import io.permafrost.store.AccountStore;
import io.permafrost.store.CapacityRecord;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** PurchaseProvisionedCapacity and ListProvisionedCapacity (spec 18). */
public final class ProvisionedCapacityService {
    private final AccountStore store;
    private final AccessGate gate;
    private final IdGenerator ids;
    private final Clock clock;
    private final String region;
    private final RetrievalSettings settings;

    public ProvisionedCapacityService(AccountStore store, AccessGate gate, IdGenerator ids, Clock clock, String region,
                                      RetrievalSettings settings) {
        this.store = store;
        this.gate = gate;
        this.ids = ids;
        this.clock = clock;
        this.region = region;
        this.settings = settings;
    }

    /** Buys a unit starting now; returns its id. A third active unit is refused. */
    public String purchase(CallContext ctx, String accountInUrl) {
        String account = authorize(ctx, Operation.PurchaseProvisionedCapacity, accountInUrl);
        Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        CapacityRecord unit = new CapacityRecord(ids.capacityId(), start, expiryOf(start));
        ctx.audit().subject(unit.capacityId());
        if (!ctx.audit().write(() -> store.addCapacity(account, unit, settings.maxCapacityUnits()), added -> added)) {
            throw new GlacierException(ErrorCode.LIMIT_EXCEEDED, "The account already has the maximum of "
                    + settings.maxCapacityUnits() + " active provisioned capacity units.");
        }
        return unit.capacityId();
    }

    /** A purchased unit as ListProvisionedCapacity reports it. */
    public record CapacityUnit(String capacityId, Instant start, Instant expiration) {
    }

    /** The account's unexpired units, oldest first. */
    public List<CapacityUnit> list(CallContext ctx, String accountInUrl) {
        String account = authorize(ctx, Operation.ListProvisionedCapacity, accountInUrl);
        return store.activeCapacity(account, clock.instant()).stream()
                .map(unit -> new CapacityUnit(unit.capacityId(), unit.start(), unit.expiration())).toList();
    }

    /**
     * One calendar month later to the second (spec 18.1): a start day the next month lacks becomes that
     * month's last day (Jan 31 -> Feb 28), which is what {@code plusMonths} does.
     */
    static Instant expiryOf(Instant start) {
        return start.atOffset(ZoneOffset.UTC).plusMonths(1).truncatedTo(ChronoUnit.SECONDS).toInstant();
    }

    private String authorize(CallContext ctx, Operation operation, String accountInUrl) {
        String account = gate.ownerAccount(ctx, operation, accountInUrl);
        return gate.authorizeAccount(ctx, operation, accountInUrl, AccountResources.arn(region, account));
    }
}
