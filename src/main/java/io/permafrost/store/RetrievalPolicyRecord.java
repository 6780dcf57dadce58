package io.permafrost.store;

/** An account's data retrieval policy rule: {@code bytesPerHour} is null unless the strategy is BytesPerHour. */
public record RetrievalPolicyRecord(String strategy, Long bytesPerHour) {
}
