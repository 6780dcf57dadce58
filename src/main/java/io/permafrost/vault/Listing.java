package io.permafrost.vault;

import java.util.List;

/**
 * One page of a listing as the services hand it to the wire: the items and the marker of the first item
 * not returned (null at the end). The domain's own type, so the HTTP layer never sees the store's.
 */
public record Listing<T>(List<T> items, String marker) {
    public Listing {
        items = List.copyOf(items);
    }
}
