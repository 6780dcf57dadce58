package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.DataRetrievalPolicyService;
import io.permafrost.vault.DataRetrievalRule;
import io.permafrost.vault.ProvisionedCapacityService;
import io.permafrost.vault.ProvisionedCapacityService.CapacityUnit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The account-level operations on the wire: data retrieval policy (spec 17) and provisioned capacity (spec 18). */
public final class AccountRoutes {
    private final DataRetrievalPolicyService retrievalPolicies;
    private final ProvisionedCapacityService capacity;

    public AccountRoutes(DataRetrievalPolicyService retrievalPolicies, ProvisionedCapacityService capacity) {
        this.retrievalPolicies = retrievalPolicies;
        this.capacity = capacity;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.GetDataRetrievalPolicy, ex -> {
            DataRetrievalRule rule = retrievalPolicies.get(ex.context(), ex.account());
            Map<String, Object> wireRule = new LinkedHashMap<>();
            wireRule.put("Strategy", rule.strategy());
            if (rule.bytesPerHour() != null) {
                wireRule.put("BytesPerHour", rule.bytesPerHour());
            }
            ex.respondJson(200, Map.of("Policy", Map.of("Rules", List.of(wireRule))));
        });
        registry.register(Operation.SetDataRetrievalPolicy, ex -> {
            retrievalPolicies.set(ex.context(), ex.account(), rules(ex.jsonBody()));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.PurchaseProvisionedCapacity, ex ->
                ex.respond(201, Map.of("x-amz-capacity-id", capacity.purchase(ex.context(), ex.account()))));
        registry.register(Operation.ListProvisionedCapacity, ex -> {
            List<Map<String, Object>> units = new ArrayList<>();
            for (CapacityUnit unit : capacity.list(ex.context(), ex.account())) {
                units.add(Map.of("CapacityId", unit.capacityId(),
                        "StartDate", GlacierDates.millis(unit.start()),
                        "ExpirationDate", GlacierDates.millis(unit.expiration())));
            }
            ex.respondJson(200, Map.of("ProvisionedCapacityList", units));
        });
    }

    /** {@code {"Policy":{"Rules":[{"Strategy":…,"BytesPerHour":n}]}}}; the rule count is the service's to judge. */
    private static List<DataRetrievalRule> rules(JsonNode body) {
        JsonNode policy = body.get("Policy");
        if (policy == null || policy.isNull()) {
            throw GlacierException.missingParameter("Policy");
        }
        if (!policy.isObject()) {
            throw GlacierException.serialization("Member Policy must be an object, got " + policy.getNodeType());
        }
        JsonNode rules = policy.get("Rules");
        if (rules == null || rules.isNull()) {
            return List.of();
        }
        if (!rules.isArray()) {
            throw GlacierException.serialization("Member Rules must be an array, got " + rules.getNodeType());
        }
        List<DataRetrievalRule> parsed = new ArrayList<>();
        for (JsonNode rule : rules) {
            if (!rule.isObject()) {
                throw GlacierException.serialization("Each rule must be an object, got " + rule.getNodeType());
            }
            String strategy = JsonCodec.string(rule, "Strategy");
            if (strategy == null) {
                throw GlacierException.missingParameter("Strategy");
            }
            parsed.add(new DataRetrievalRule(strategy, bytesPerHour(rule.get("BytesPerHour"))));
        }
        return parsed;
    }

    private static Long bytesPerHour(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw GlacierException.serialization("Member BytesPerHour must be an integer, got " + value.getNodeType());
        }
        if (!value.canConvertToLong()) {
            throw GlacierException.invalidParameter("Invalid BytesPerHour: " + value.asText()
                    + ". It must be between 1 and " + Long.MAX_VALUE + ".");
        }
        return value.longValue();
    }
}
