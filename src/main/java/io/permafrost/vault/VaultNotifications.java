package io.permafrost.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** A vault's notification configuration (spec 12): one topic and the events it receives. */
public record VaultNotifications(String snsTopic, List<String> events) {
    public static final String ARCHIVE_RETRIEVAL_COMPLETED = "ArchiveRetrievalCompleted";
    public static final String INVENTORY_RETRIEVAL_COMPLETED = "InventoryRetrievalCompleted";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public VaultNotifications {
        events = List.copyOf(events);
    }

    /** The stored form, which is also the wire form: {@code {"Events":[…],"SNSTopic":"…"}}. */
    String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        events.forEach(node.putArray("Events")::add);
        node.put("SNSTopic", snsTopic);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification configuration is not serializable", e);
        }
    }

    public static VaultNotifications fromJson(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            List<String> events = new ArrayList<>();
            node.path("Events").forEach(event -> events.add(event.asText()));
            return new VaultNotifications(node.path("SNSTopic").asText(), events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored notification configuration is not JSON: " + json, e);
        }
    }
}
