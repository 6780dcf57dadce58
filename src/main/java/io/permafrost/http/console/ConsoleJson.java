package io.permafrost.http.console;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** The small JSON answers the upload script reads, and query strings rebuilt for return links. */
final class ConsoleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleJson() {
    }

    static String error(String code, String message) {
        return write(Map.of("code", code, "message", message));
    }

    static String write(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String query(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
