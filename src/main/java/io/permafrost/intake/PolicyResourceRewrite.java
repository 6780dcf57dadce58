package io.permafrost.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A vault policy written for one vault, made to name the vault it is copied to: every {@code Resource} (and
 * {@code NotResource}) value that is exactly the source vault's ARN becomes the destination vault's ARN. Without
 * it a lock re-created in a vault of another name or account would, once completed, protect nothing there.
 * Anything else (a wildcard, another vault's ARN, a condition) is left as written, for the operator to review.
 * The source's region is not known for an export, so the source ARN matches in any region.
 */
final class PolicyResourceRewrite {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pattern sourceArn;
    private final String destinationArn;

    PolicyResourceRewrite(VaultSettings.SourceVault source, String destinationArn) {
        this.sourceArn = Pattern.compile("arn:aws:glacier:[a-z0-9-]+:" + Pattern.quote(source.account()) + ":vaults/"
                + Pattern.quote(source.vault()));
        this.destinationArn = destinationArn;
    }

    /** The policy naming the destination; the very same text when it never names the source's ARN (or is not JSON). */
    String rewrite(String policyJson) {
        if (policyJson == null) {
            return null;
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(policyJson);
        } catch (IOException e) {
            return policyJson;
        }
        JsonNode statements = policy.path("Statement");
        boolean changed = false;
        for (JsonNode statement : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (statement instanceof ObjectNode object) {
                changed |= rewriteField(object, "Resource");
                changed |= rewriteField(object, "NotResource");
            }
        }
        if (!changed) {
            return policyJson;
        }
        try {
            return JSON.writeValueAsString(policy);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed policy always serializes", e);
        }
    }

    private boolean rewriteField(ObjectNode statement, String field) {
        JsonNode value = statement.get(field);
        if (value != null && value.isTextual() && matches(value)) {
            statement.set(field, TextNode.valueOf(destinationArn));
            return true;
        }
        boolean changed = false;
        if (value instanceof ArrayNode resources) {
            for (int i = 0; i < resources.size(); i++) {
                if (resources.get(i).isTextual() && matches(resources.get(i))) {
                    resources.set(i, TextNode.valueOf(destinationArn));
                    changed = true;
                }
            }
        }
        return changed;
    }

    /** The source's ARN, unless it already is the destination's (same name and account, same region). */
    private boolean matches(JsonNode resource) {
        return sourceArn.matcher(resource.asText()).matches() && !resource.asText().equals(destinationArn);
    }
}
