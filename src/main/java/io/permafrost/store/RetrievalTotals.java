package io.permafrost.store;

/** How many retrievals of one tier an account started in a time window, and how many bytes they fetch. */
public record RetrievalTotals(long count, long bytes) {
}
