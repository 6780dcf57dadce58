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
        putTagsAndNotifications(node, settings.tags(), settings.notifications());
        node.put("lockPolicy", settings.lockPolicyJson());
        if (settings.writtenFor() != null) {
            node.putObject("writtenFor").put("account", settings.writtenFor().account())
                    .put("vault", settings.writtenFor().vault());
        }
        return node;
    }

    static VaultSettings settings(JsonNode node) {
        JsonNode writtenFor = node.path("writtenFor");
        return new VaultSettings(text(node, "accessPolicy"), tags(node), notifications(node), text(node, "lockPolicy"),
                writtenFor.isObject() ? new VaultSettings.SourceVault(text(writtenFor, "account"), text(writtenFor, "vault"))
                        : null);
    }

    /** {@code "tags":{…}} and, when there is a configuration, {@code "notifications":{"snsTopic":…,"events":[…]}}: the channel's and the manifest's spelling. */
    static void putTagsAndNotifications(ObjectNode node, Map<String, String> tags, VaultNotificationConfig notifications) {
        ObjectNode tagNode = node.putObject("tags");
        new java.util.TreeMap<>(tags).forEach(tagNode::put);
        if (notifications != null) {
            ObjectNode config = node.putObject("notifications");
            config.put("snsTopic", notifications.snsTopic());
            notifications.events().forEach(config.putArray("events")::add);
        }
    }

    static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return tags;
    }

    static VaultNotificationConfig notifications(JsonNode node) {
        if (!node.hasNonNull("notifications")) {
            return null;
        }
        List<String> events = new ArrayList<>();
        node.get("notifications").path("events").forEach(e -> events.add(e.asText()));
        return new VaultNotificationConfig(text(node.get("notifications"), "snsTopic"), events);
    }

    static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
