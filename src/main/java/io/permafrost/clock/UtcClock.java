package io.permafrost.clock;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} that only tells instants: its zone is always UTC (Glacier dates are UTC). */
public abstract class UtcClock extends Clock {
    @Override
    public final ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public final Clock withZone(ZoneId zone) {
        return this;
    }
}
