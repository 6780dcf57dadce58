package io.permafrost.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an SNS or SQS action answers, independent of the wire form: members in order, each a string,
 * a list of {@link Items} or a map of {@link Entries}. {@link QueryDialect} writes it as the service's
 * XML or as SQS JSON.
 */
final class QueryResult {
    /** A list of structures; {@code element} is its XML member name ({@code Message}, {@code member}). */
    record Items(String element, List<Map<String, Object>> items) {
    }

    /** A string map; {@code element} is its flattened XML name ({@code Attribute}). */
    record Entries(String element, Map<String, String> entries) {
    }

    private final Map<String, Object> members = new LinkedHashMap<>();

    static QueryResult empty() {
        return new QueryResult();
    }

    QueryResult with(String name, Object value) {
        members.put(name, value);
        return this;
    }

    Map<String, Object> members() {
        return members;
    }
}
