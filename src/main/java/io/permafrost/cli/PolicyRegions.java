package io.permafrost.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The regions one policy names, in its Glacier ARNs or as values of {@code aws:RequestedRegion}: for
 * a Locked policy, the evidence of which region a directory without {@code identity.json} was served
 * in. A wildcard names none.
 */
final class PolicyRegions {
    private static final String GLACIER_ARN = "arn:aws:glacier:";
    private static final String REQUESTED_REGION = "aws:RequestedRegion";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyRegions() {
    }

    static Set<String> of(String policy) {
        Set<String> regions = new TreeSet<>();
        collect(policy, regions);
        return regions;
    }

    private static void collect(String policy, Set<String> regions) {
        try {
            collect(JSON.readTree(policy), regions);
        } catch (JacksonException e) {
            // Not JSON: it names no region, and validating stored policies is not this class's job.
        }
    }

    private static void collect(JsonNode node, Set<String> regions) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            region(node.textValue()).ifPresent(regions::add);
        }
        node.fields().forEachRemaining(member -> {
            if (member.getKey().equalsIgnoreCase(REQUESTED_REGION)) {
                requestedRegions(member.getValue(), regions);
            }
        });
        node.forEach(child -> collect(child, regions));
    }

    /** {@code "aws:RequestedRegion": "us-east-1"} or a list of them, inside any condition operator. */
    private static void requestedRegions(JsonNode values, Set<String> regions) {
        for (JsonNode value : values.isArray() ? values : List.of(values)) {
            if (value.isTextual() && !value.textValue().isEmpty() && !value.textValue().contains("*")
                    && !value.textValue().contains("?")) {
                regions.add(value.textValue());
            }
        }
    }

    private static Optional<String> region(String text) {
        if (!text.startsWith(GLACIER_ARN)) {
            return Optional.empty();
        }
        String rest = text.substring(GLACIER_ARN.length());
        int end = rest.indexOf(':');
        String region = end < 0 ? "" : rest.substring(0, end);
        return region.isEmpty() || region.contains("*") || region.contains("?") ? Optional.empty() : Optional.of(region);
    }
}
