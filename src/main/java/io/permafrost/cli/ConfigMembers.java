package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses members of the config file that nothing reads: a misspelt {@code "lockExpirey"} would
 * otherwise be ignored without a word and the server would run with a setting the operator did not
 * choose. Each section names the members it reads.
 */
final class ConfigMembers {
    private ConfigMembers() {
    }

    static void requireKnown(JsonNode node, String where, Set<String> known) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new StartupException("config: " + where + " must be a JSON object, got " + node.getNodeType());
        }
        for (var members = node.fieldNames(); members.hasNext(); ) {
            String member = members.next();
            if (!known.contains(member)) {
                throw new StartupException("config: unknown member \"" + member + "\" in " + where
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }
}
