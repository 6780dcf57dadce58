package io.permafrost.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import java.util.List;
import java.util.Set;

/** Parses and validates one element of a policy's Statement (spec 15.1). */
final class StatementParser {
    private static final Set<String> MEMBERS = Set.of(
            "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");

    private StatementParser() {
    }

    /** @param path "Statement" or "Statement[i]", for messages */
    static Statement parse(JsonNode node, PolicyKind kind, String path) {
        if (!node.isObject()) {
            throw GlacierException.invalidParameter(path + " must be an object, got " + node);
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw GlacierException.invalidParameter(path + " has unknown member \"" + name + "\"");
            }
        });
        JsonNode sid = node.get("Sid");
        if (sid != null && !sid.isTextual()) {
            throw GlacierException.invalidParameter(path + ".Sid must be a string, got " + sid);
        }
        return new Statement(sid == null ? null : sid.textValue(), effect(node, path), principal(node, kind, path), action(node, path), resource(node, path),
                node.has("Condition") ? ConditionParser.parse(node.get("Condition"), path + ".Condition") : List.of());
    }

    private static Effect effect(JsonNode node, String path) {
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            throw GlacierException.invalidParameter(path + " is missing Effect");
        }
        // Exact spelling only: IAM rejects "allow", and guessing would be a security decision.
        if (effect.isTextual() && effect.textValue().equals("Allow")) {
            return Effect.ALLOW;
        }
        if (effect.isTextual() && effect.textValue().equals("Deny")) {
            return Effect.DENY;
        }
        throw GlacierException.invalidParameter(path + ".Effect must be \"Allow\" or \"Deny\", got " + effect);
    }

    private static PrincipalClause principal(JsonNode node, PolicyKind kind, String path) {
        String member = exactlyOneOf(node, "Principal", "NotPrincipal", path, kind == PolicyKind.RESOURCE);
        if (kind == PolicyKind.IDENTITY) {
            if (member != null) {
                throw GlacierException.invalidParameter(path + "." + member + " is not allowed in an identity policy");
            }
            return null;
        }
        return PrincipalParser.parse(node.get(member), member.equals("NotPrincipal"), path + "." + member);
    }

    private static ActionClause action(JsonNode node, String path) {
        String member = exactlyOneOf(node, "Action", "NotAction", path, true);
        String memberPath = path + "." + member;
        List<String> entries = StringList.read(node.get(member), memberPath);
        try {
            return ActionClause.of(member.equals("NotAction"), entries);
        } catch (IllegalArgumentException e) {
            throw GlacierException.invalidParameter(memberPath + " " + e.getMessage());
        }
    }

    private static ResourceClause resource(JsonNode node, String path) {
        String member = exactlyOneOf(node, "Resource", "NotResource", path, true);
        String memberPath = path + "." + member;
        List<String> entries = StringList.read(node.get(member), memberPath);
        try {
            return ResourceClause.of(member.equals("NotResource"), entries);
        } catch (IllegalArgumentException e) {
            throw GlacierException.invalidParameter(memberPath + " " + e.getMessage());
        }
    }

    /** The one of the two members present, or null if neither is and {@code required} is false. */
    private static String exactlyOneOf(JsonNode node, String positive, String negative, String path, boolean required) {
        boolean hasPositive = node.has(positive);
        boolean hasNegative = node.has(negative);
        if (hasPositive && hasNegative) {
            throw GlacierException.invalidParameter(path + " must have only one of " + positive + " and " + negative + ", found both");
        }
        if (!hasPositive && !hasNegative) {
            if (required) {
                throw GlacierException.invalidParameter(path + " must have " + positive + " or " + negative);
            }
            return null;
        }
        return hasPositive ? positive : negative;
    }
}
