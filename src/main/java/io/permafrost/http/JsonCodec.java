package io.permafrost.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.permafrost.glacier.GlacierException;

import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader/writer of the wire protocol. Output members are alphabetical (spec 3.5);
 * input that is not JSON, or a member of the wrong JSON type, is a SerializationException.
 */
public final class JsonCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private JsonCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not serializable", e);
        }
    }

    /** Parses a request body that must be a JSON object. */
    public static JsonNode readObject(byte[] body) {
        if (body.length == 0) {
            throw GlacierException.serialization("The request body is empty; a JSON object is required");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw GlacierException.serialization("The request body is not valid JSON: "
                    + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw GlacierException.serialization("The request body must be a JSON object: "
                    + new String(body, 0, Math.min(body.length, 100), StandardCharsets.UTF_8));
        }
        return node;
    }

    /** A string member, or null when absent or JSON null; any other type is a SerializationException. */
    public static String string(JsonNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GlacierException.serialization("Member " + member + " must be a string, got " + value.getNodeType());
        }
        return value.textValue();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
