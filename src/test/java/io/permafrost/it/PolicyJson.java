package io.permafrost.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds IAM policy documents for tests, so each test states only the parts that matter to it. */
final class PolicyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyJson() {
    }

    static String of(Statement... statements) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode list = policy.putArray("Statement");
        for (Statement statement : statements) {
            list.add(statement.node);
        }
        return policy.toString();
    }

    static Statement allow(String action, String resource) {
        return new Statement("Allow", action, resource);
    }

    static Statement deny(String action, String resource) {
        return new Statement("Deny", action, resource);
    }

    static final class Statement {
        private final ObjectNode node = JSON.createObjectNode();

        private Statement(String effect, String action, String resource) {
            node.put("Effect", effect);
            node.put("Action", action);
            node.put("Resource", resource);
        }

        Statement sid(String sid) {
            node.put("Sid", sid);
            return this;
        }

        /** {@code "*"}, or an account id / principal ARN as {@code {"AWS": value}}. */
        Statement principal(String principal) {
            if (principal.equals("*")) {
                node.put("Principal", "*");
            } else {
                node.putObject("Principal").put("AWS", principal);
            }
            return this;
        }

        /** Adds one key to the Condition block; one value is written as a string, several as an array. */
        Statement when(String operator, String key, String... values) {
            ObjectNode condition = node.has("Condition") ? (ObjectNode) node.get("Condition") : node.putObject("Condition");
            ObjectNode keys = condition.has(operator) ? (ObjectNode) condition.get(operator) : condition.putObject(operator);
            if (values.length == 1) {
                keys.put(key, values[0]);
            } else {
                ArrayNode array = keys.putArray(key);
                for (String value : values) {
                    array.add(value);
                }
            }
            return this;
        }
    }
}
