package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.TagService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tag operations on the wire (spec 16). */
public final class TagRoutes {
    private final TagService tags;

    public TagRoutes(TagService tags) {
        this.tags = tags;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.AddTagsToVault, ex -> {
            tags.add(ex.context(), ex.account(), ex.vault(), tagMap(ex.jsonBody()));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.RemoveTagsFromVault, ex -> {
            tags.remove(ex.context(), ex.account(), ex.vault(), tagKeys(ex.jsonBody()));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.ListTagsForVault, ex ->
                ex.respondJson(200, Map.of("Tags", tags.list(ex.context(), ex.account(), ex.vault()))));
    }

    private static Map<String, String> tagMap(JsonNode body) {
        JsonNode node = body.get("Tags");
        if (node == null || node.isNull()) {
            throw GlacierException.missingParameter("Tags");
        }
        if (!node.isObject()) {
            throw GlacierException.serialization("Member Tags must be an object, got " + node.getNodeType());
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw GlacierException.serialization("Tag " + entry.getKey() + " must have a string value");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    private static List<String> tagKeys(JsonNode body) {
        JsonNode node = body.get("TagKeys");
        if (node == null || node.isNull()) {
            throw GlacierException.missingParameter("TagKeys");
        }
        if (!node.isArray()) {
            throw GlacierException.serialization("Member TagKeys must be an array, got " + node.getNodeType());
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode key : node) {
            if (!key.isTextual()) {
                throw GlacierException.serialization("TagKeys must hold strings");
            }
            keys.add(key.textValue());
        }
        return keys;
    }
}
