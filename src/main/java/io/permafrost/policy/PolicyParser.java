package io.permafrost.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.permafrost.glacier.GlacierException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Entry point for turning policy text into a {@link Policy}: full validation for documents being
 * set (spec 15.1), and a fail-closed reading for documents already stored.
 */
public final class PolicyParser {
    /** Vault access and lock policies are limited to 20 KB each (spec 13, 14.3, 22). */
    static final int MAX_BYTES = 20_480;

    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> MEMBERS = Set.of("Version", "Id", "Statement");

    /**
     * Duplicate members are rejected rather than letting the last one win: two "Effect"s in one
     * statement would otherwise be read differently by different tools. Trailing content after the
     * document is rejected for the same reason.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private PolicyParser() {
    }

    /**
     * Parses and validates a policy document.
     *
     * @throws GlacierException InvalidParameterValueException whose message names what is wrong
     */
    public static Policy parse(String json, PolicyKind kind) {
        Objects.requireNonNull(kind, "kind");
        if (json == null) {
            throw GlacierException.invalidParameter("Policy document is missing");
        }
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw GlacierException.invalidParameter(
                    "Policy document is " + size + " bytes; the maximum is " + MAX_BYTES + " bytes");
        }
        JsonNode root = readJson(json);
        if (root == null || !root.isObject()) {
            throw GlacierException.invalidParameter("Policy document must be a JSON object");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                throw GlacierException.invalidParameter("Policy has unknown member \"" + name + "\"");
            }
        });
        checkVersion(root.get("Version"));
        JsonNode id = root.get("Id");
        if (id != null && !id.isTextual()) {
            throw GlacierException.invalidParameter("Id must be a string, got " + id);
        }
        return new Policy(kind, statements(root.get("Statement"), kind));
    }

    /**
     * Reads a document that was validated when it was stored. If it no longer parses (corruption, or
     * a rule tightened since), the result denies every action to every principal: a vault lock must
     * never silently stop protecting because its text went bad. Logs nothing, as the caller decides
     * whether a corrupt policy is worth reporting.
     */
    public static Policy parseStoredFailClosed(String json, PolicyKind kind) {
        // Checked outside the try: without a kind there is no fail-closed policy to return.
        Objects.requireNonNull(kind, "kind");
        try {
            return parse(json, kind);
        } catch (RuntimeException e) {
            // Deliberately broad: whatever went wrong, the answer must be "deny", never an exception
            // that a careless caller could turn into "no policy".
            return Policy.denyEverything(kind);
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw GlacierException.invalidParameter("Policy document is not valid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private static void checkVersion(JsonNode version) {
        if (version != null && !(version.isTextual() && VERSIONS.contains(version.textValue()))) {
            throw GlacierException.invalidParameter("Version must be \"2012-10-17\" or \"2008-10-17\", got " + version);
        }
    }

    private static List<Statement> statements(JsonNode node, PolicyKind kind) {
        if (node == null) {
            throw GlacierException.invalidParameter("Policy is missing Statement");
        }
        if (node.isObject()) {
            return List.of(StatementParser.parse(node, kind, "Statement"));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw GlacierException.invalidParameter("Statement must be an object or a non-empty array of objects, got " + node);
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            statements.add(StatementParser.parse(node.get(i), kind, "Statement[" + i + "]"));
        }
        return statements;
    }
}
