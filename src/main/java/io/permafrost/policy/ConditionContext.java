package io.permafrost.policy;

import io.permafrost.glacier.NameFolding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The condition keys of one request and their values. Key names are case-insensitive in the policy
 * language ({@code glacier:ArchiveAgeinDays} in AWS's own examples), so they are stored lower-cased
 * and looked up lower-cased; values keep their case. Keys that differ only in case are one key: a
 * value {@link Builder#add added} under either spelling joins the others, so nothing is shadowed.
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
        return NameFolding.fold(key);
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

        /**
         * Adds a value to the key's values (in any letter case), keeping the earlier ones: two vault tags
         * whose keys differ only in case are both {@code ResourceTag/KEY}, so a condition matches if it
         * matches either (fail closed for a Deny) instead of seeing only the one put last.
         */
        public Builder add(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "condition value of " + key);
            List<String> joined = new ArrayList<>(this.values.getOrDefault(normalise(key), List.of()));
            joined.add(value);
            this.values.put(normalise(key), List.copyOf(joined));
            return this;
        }

        public ConditionContext build() {
            return new ConditionContext(values);
        }
    }
}
