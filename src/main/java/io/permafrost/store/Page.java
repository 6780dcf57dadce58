package io.permafrost.store;

import java.util.List;

/** One page of a listing and the key of the first item not returned (null at the end). */
public record Page<T>(List<T> items, String nextKey) {
    public Page {
        items = List.copyOf(items);
    }
}
