package io.permafrost.store.cluster;

import java.sql.SQLException;

/**
 * The metadata database did not complete a unit of work (unreachable, or still conflicting after every
 * retry). Nothing of the unit was committed; the request fails as the service being unavailable.
 */
public final class MetadataUnavailable extends RuntimeException {
    MetadataUnavailable(SQLException cause) {
        super("metadata database: " + (cause == null ? "no attempt made" : cause.getMessage()), cause);
    }
}
