package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQS JSON-protocol parameters ({@code application/x-amz-json-1.0}): members of the body's object. */
final class JsonQueryParams implements QueryParams {
    private final JsonNode body;

    private JsonQueryParams(JsonNode body) {
        this.body = body;
    }

    static JsonQueryParams parse(byte[] body) {
        if (body.length == 0) {
            return new JsonQueryParams(JsonCodec.mapper().createObjectNode());
        }
        return new JsonQueryParams(JsonCodec.readObject(body));
    }

    @Override
    public String string(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw wrongType(name, "a string");
        }
        return node.asText();
    }

    @Override
    public Integer integer(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw wrongType(name, "an integer");
        }
        return node.intValue();
    }

    @Override
    public Map<String, String> map(String jsonName, String formPrefix, String formKey, String formValue) {
        JsonNode node = body.get(jsonName);
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw wrongType(jsonName, "a map of strings");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw wrongType(jsonName + "." + e.getKey(), "a string");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        return map;
    }

    @Override
    public List<String> list(String jsonName, String formPrefix) {
        JsonNode node = body.get(jsonName);
        List<String> list = new ArrayList<>();
        if (node == null || node.isNull()) {
            return list;
        }
        if (!node.isArray()) {
            throw wrongType(jsonName, "a list of strings");
        }
        node.forEach(item -> list.add(item.asText()));
        return list;
    }

    private static GlacierException wrongType(String member, String expected) {
        return new GlacierException(ErrorCode.SERIALIZATION, "Member " + member + " must be " + expected + ".");
    }
}
