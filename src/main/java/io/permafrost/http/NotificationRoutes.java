package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.NotificationService;
import io.permafrost.vault.VaultNotifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Vault notification configuration on the wire (spec 12.1-12.3): the body is the config itself. */
public final class NotificationRoutes {
    private final NotificationService notifications;

    public NotificationRoutes(NotificationService notifications) {
        this.notifications = notifications;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.SetVaultNotifications, ex -> {
            JsonNode body = ex.jsonBody();
            String topic = JsonCodec.string(body, "SNSTopic");
            if (topic == null) {
                throw GlacierException.missingParameter("SNSTopic");
            }
            notifications.set(ex.context(), ex.account(), ex.vault(), topic, events(body));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.GetVaultNotifications, ex -> {
            VaultNotifications config = notifications.get(ex.context(), ex.account(), ex.vault());
            ex.respondJson(200, Map.of("SNSTopic", config.snsTopic(), "Events", config.events()));
        });
        registry.register(Operation.DeleteVaultNotifications, ex -> {
            notifications.delete(ex.context(), ex.account(), ex.vault());
            ex.respond(204, Map.of());
        });
    }

    private static List<String> events(JsonNode body) {
        JsonNode node = body.get("Events");
        if (node == null || node.isNull()) {
            throw GlacierException.missingParameter("Events");
        }
        if (!node.isArray()) {
            throw GlacierException.serialization("Member Events must be an array, got " + node.getNodeType());
        }
        List<String> events = new ArrayList<>();
        for (JsonNode event : node) {
            if (!event.isTextual()) {
                throw GlacierException.serialization("Events must hold strings");
            }
            events.add(event.textValue());
        }
        return events;
    }
}
