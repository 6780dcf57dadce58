package io.permafrost.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import java.util.ArrayList;
import java.util.List;

/** Reads the policy language's "a string or a non-empty array of strings" elements (Action, Resource, AWS, …). */
final class StringList {
    private StringList() {
    }

    /** @throws GlacierException naming {@code path} if the node has another shape or holds an empty string */
    static List<String> read(JsonNode node, String path) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        if (items.isEmpty()) {
            throw GlacierException.invalidParameter(path + " must not be an empty array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw GlacierException.invalidParameter(path + " must be a string or an array of strings, got " + item);
            }
            if (item.textValue().isEmpty()) {
                throw GlacierException.invalidParameter(path + " must not contain an empty string");
            }
            values.add(item.textValue());
        }
        return values;
    }
}
