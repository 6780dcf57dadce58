package io.permafrost.vault;

/** The one rule of a data retrieval policy (spec 17): {@code bytesPerHour} only with the BytesPerHour strategy. */
public record DataRetrievalRule(String strategy, Long bytesPerHour) {
    public static final String NONE = "None";
    public static final String FREE_TIER = "FreeTier";
    public static final String BYTES_PER_HOUR = "BytesPerHour";

    /** What a new account has: "No Retrieval Limit" (spec 17.1). */
    public static final DataRetrievalRule NO_LIMIT = new DataRetrievalRule(NONE, null);
}
