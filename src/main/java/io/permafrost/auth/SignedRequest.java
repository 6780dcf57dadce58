package io.permafrost.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the verifier needs from an HTTP request, independent of any server framework.
 *
 * @param method the HTTP method, e.g. {@code PUT}
 * @param rawPath the path still percent-encoded exactly as it arrived on the wire
 * @param rawQuery the raw query string without the leading {@code ?}; null or empty when absent
 * @param headers header values as received; names are matched case-insensitively
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        headers = caseInsensitiveCopy(headers == null ? Map.of() : headers);
    }

    /** Every value of the header, in the order received; empty when it is absent. */
    public List<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    /** The first value of the header, if present. */
    public Optional<String> firstHeader(String name) {
        List<String> values = header(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    // HTTP header names are case-insensitive; merging keys that differ only in case keeps every value
    // so that repeated headers are joined for the canonical request, as the client saw them.
    private static Map<String, List<String>> caseInsensitiveCopy(Map<String, List<String>> source) {
        TreeMap<String, List<String>> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        source.forEach((name, values) -> {
            if (name != null && values != null) {
                merged.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
            }
        });
        merged.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(merged);
    }
}
