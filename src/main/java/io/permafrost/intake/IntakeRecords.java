package io.permafrost.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the operator channel spells the intake's records in JSON. */
final class IntakeRecords {
    private IntakeRecords() {
    }

    static ObjectNode archive(ImportedArchive archive) {
        ObjectNode node = OperatorFrames.JSON.createObjectNode();
        node.put("archiveId", archive.archiveId());
        node.put("description", archive.description());
        node.put("creationDate", archive.creationDate() == null ? null : archive.creationDate().toString());
        node.put("size", archive.size());
        node.put("treeHash", archive.treeHash());
        return node;
    }

    static ImportedArchive archive(JsonNode node) {
        return new ImportedArchive(text(node, "archiveId"), text(node, "description"),
                node.hasNonNull("creationDate") ? Instant.parse(node.get("creationDate").asText()) : null,
                node.path("size").asLong(-1), text(node, "treeHash"));
    }

    static ObjectNode settings(VaultSettings settings) {
        ObjectNode node = OperatorFrames.JSON.createObjectNode();
        node.put("accessPolicy", settings.accessPolicyJson());
        ObjectNode tags = node.putObject("tags");
        settings.tags().forEach(tags::put);
        if (settings.notifications() != null) {
            ObjectNode notifications = node.putObject("notifications");
            notifications.put("snsTopic", settings.notifications().snsTopic());
            settings.notifications().events().forEach(notifications.putArray("events")::add);
        }
        node.put("lockPolicy", settings.lockPolicyJson());
        return node;
    }

    static VaultSettings settings(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        VaultNotificationConfig notifications = null;
        if (node.hasNonNull("notifications")) {
            List<String> events = new ArrayList<>();
            node.get("notifications").path("events").forEach(e -> events.add(e.asText()));
            notifications = new VaultNotificationConfig(text(node.get("notifications"), "snsTopic"), events);
        }
        return new VaultSettings(text(node, "accessPolicy"), tags, notifications, text(node, "lockPolicy"));
    }

    static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
