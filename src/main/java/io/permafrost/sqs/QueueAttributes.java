package io.permafrost.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queue attributes a caller may set, their defaults and their valid ranges (SQS's own). Anything
 * else (FIFO, dead-letter and encryption settings) is refused by name: this server implements only what
 * the Glacier notification workflows use.
 */
final class QueueAttributes {
    static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    static final String RECEIVE_WAIT = "ReceiveMessageWaitTimeSeconds";
    static final String RETENTION = "MessageRetentionPeriod";
    static final String DELAY = "DelaySeconds";
    static final String MAX_SIZE = "MaximumMessageSize";
    static final String POLICY = "Policy";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Range(long min, long max, String defaultValue) {
    }

    private static final Map<String, Range> NUMERIC = Map.of(
            VISIBILITY_TIMEOUT, new Range(0, 43_200, "30"),
            RECEIVE_WAIT, new Range(0, 20, "0"),
            RETENTION, new Range(60, 1_209_600, "345600"),
            DELAY, new Range(0, 900, "0"),
            MAX_SIZE, new Range(1024, 262_144, "262144"));

    private QueueAttributes() {
    }

    /** {@code requested} checked name by name and value by value; the first bad one is refused. */
    static Map<String, String> validated(Map<String, String> requested) {
        Map<String, String> valid = new LinkedHashMap<>();
        requested.forEach((name, value) -> {
            if (POLICY.equals(name)) {
                requireJsonObject(value);
            } else if (NUMERIC.containsKey(name)) {
                requireInRange(name, value, NUMERIC.get(name));
            } else {
                throw unknown(name);
            }
            valid.put(name, value);
        });
        return valid;
    }

    /** The queue's setting for a numeric attribute, its default when never set. */
    static long number(QueueRecord queue, String name) {
        return Long.parseLong(queue.attributes().getOrDefault(name, NUMERIC.get(name).defaultValue()));
    }

    /** The settable attributes with their values, defaults filled in (the policy only when set). */
    static Map<String, String> withDefaults(QueueRecord queue) {
        Map<String, String> all = new LinkedHashMap<>();
        NUMERIC.keySet().stream().sorted().forEach(name -> all.put(name, String.valueOf(number(queue, name))));
        if (queue.attributes().containsKey(POLICY)) {
            all.put(POLICY, queue.attributes().get(POLICY));
        }
        return all;
    }

    static GlacierException unknown(String name) {
        return new GlacierException(ErrorCode.SQS_INVALID_ATTRIBUTE_NAME, "Unknown Attribute " + name + ".");
    }

    private static void requireInRange(String name, String value, Range range) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalidValue(name);
        }
        if (parsed < range.min() || parsed > range.max()) {
            throw invalidValue(name);
        }
    }

    private static void requireJsonObject(String policy) {
        try {
            JsonNode parsed = JSON.readTree(policy);
            if (parsed == null || !parsed.isObject()) {
                throw invalidValue(POLICY);
            }
        } catch (IOException e) {
            throw invalidValue(POLICY);
        }
    }

    private static GlacierException invalidValue(String name) {
        return new GlacierException(ErrorCode.SQS_INVALID_ATTRIBUTE_VALUE, "Invalid value for the parameter " + name + ".");
    }
}
