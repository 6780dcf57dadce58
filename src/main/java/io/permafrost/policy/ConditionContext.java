package io.permafrost.policy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The condition keys of one request and their values. Key names are case-insensitive in the policy
 * language ({@code glacier:ArchiveAgeinDays} in AWS's own examples), so they are stored lower-cased
 * and looked up lower-cased; values keep their case.
 */
public final class ConditionContext {
    private static final ConditionContext EMPTY = new ConditionContext(Map.of());

    private final Map<String, List<String>> values;

    private ConditionContext(Map<String, List<String>> values) {
        this.values = Map.copyOf(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    static ConditionContext empty() {
        return EMPTY;
    }

    /** The key's values; absent when the request does not carry the key at all. */
    public Optional<List<String>> values(String key) {
        return Optional.ofNullable(values.get(normalise(key)));
    }

    static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ConditionContext" + values;
    }

    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the key's values, replacing earlier ones for the same key (in any letter case). */
        public Builder put(String key, String... values) {
            return put(key, Arrays.asList(values));
        }

        /** Sets the key's values, replacing earlier ones for the same key (in any letter case). */
        public Builder put(String key, List<String> values) {
            Objects.requireNonNull(key, "key");
            values.forEach(value -> Objects.requireNonNull(value, "condition value of " + key));
            this.values.put(normalise(key), List.copyOf(values));
            return this;
        }

        public ConditionContext build() {
            return new ConditionContext(values);
        }
    }
}
