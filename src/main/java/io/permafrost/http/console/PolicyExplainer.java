package io.permafrost.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Says what a vault policy's statements mean in plain words ("Nobody may delete an archive younger
 * than 365 days"), for the common shapes a retention or legal-hold lock and a cross-account grant
 * take. A statement of any other shape is rendered literally (effect, principal, actions, resource,
 * each condition as written) rather than guessed at: a wrong paraphrase of a lock is worse than none.
 */
final class PolicyExplainer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry("glacier:DeleteArchive", "delete an archive"),
            Map.entry("glacier:UploadArchive", "upload an archive"),
            Map.entry("glacier:InitiateJob", "start a job"),
            Map.entry("glacier:GetJobOutput", "download a job's output"),
            Map.entry("glacier:DescribeJob", "describe a job"),
            Map.entry("glacier:ListJobs", "list jobs"),
            Map.entry("glacier:DescribeVault", "describe the vault"),
            Map.entry("glacier:DeleteVault", "delete the vault"),
            Map.entry("glacier:InitiateMultipartUpload", "start a multipart upload"),
            Map.entry("glacier:AddTagsToVault", "add tags to the vault"),
            Map.entry("glacier:RemoveTagsFromVault", "remove tags from the vault"),
            Map.entry("glacier:SetVaultAccessPolicy", "set the access policy"),
            Map.entry("glacier:DeleteVaultAccessPolicy", "delete the access policy"),
            Map.entry("glacier:*", "do anything"),
            Map.entry("*", "do anything"));

    private PolicyExplainer() {
    }

    /** One sentence per statement, in order; a document that is not a policy says so in one sentence. */
    static List<String> explain(String policyDocument) {
        List<String> sentences = new ArrayList<>();
        JsonNode statements;
        try {
            statements = JSON.readTree(policyDocument).path("Statement");
        } catch (Exception e) {
            return List.of("This document is not valid JSON, so it cannot be explained.");
        }
        if (statements.isObject()) {
            sentences.add(sentence(statements));
        } else {
            statements.forEach(s -> sentences.add(sentence(s)));
        }
        return sentences;
    }

    /** The statement at that position (from 0), as indented JSON, or null when there is none. */
    static String statementJson(String policyDocument, int index) {
        try {
            JsonNode statements = JSON.readTree(policyDocument).path("Statement");
            JsonNode statement = statements.isObject() && index == 0 ? statements : statements.path(index);
            return statement.isMissingNode() ? null : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(statement);
        } catch (Exception e) {
            return null;
        }
    }

    /** The document indented for reading; the text unchanged when it is not JSON. */
    static String pretty(String policyDocument) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(policyDocument));
        } catch (Exception e) {
            return policyDocument;
        }
    }

    static String sentence(JsonNode statement) {
        boolean deny = "Deny".equals(statement.path("Effect").asText());
        JsonNode principal = statement.get("Principal");
        JsonNode conditions = statement.path("Condition");
        List<String> actions = strings(statement.get("Action"));
        boolean simple = principal != null && statement.get("NotPrincipal") == null && statement.get("NotAction") == null
                && statement.get("NotResource") == null && !actions.isEmpty()
                && actions.stream().allMatch(ACTIONS::containsKey);
        if (simple && actions.equals(List.of("glacier:DeleteArchive")) && deny && everyone(principal)) {
            String when = deleteCondition(conditions);
            if (when != null) {
                return "Nobody may delete an archive" + when + ".";
            }
        }
        if (simple && conditions.isMissingNode()) {
            String who = who(principal, deny);
            String what = String.join(", ", actions.stream().map(ACTIONS::get).toList());
            return deny ? (everyone(principal) ? "Nobody may " + what + "." : who + " may not " + what + ".")
                    : who + " may " + what + ".";
        }
        return literal(statement);
    }

    /** The phrase after "delete an archive" for the two lock conditions; null for anything else. */
    private static String deleteCondition(JsonNode conditions) {
        if (conditions.size() != 1) {
            return null;
        }
        String operator = conditions.fieldNames().next();
        JsonNode keys = conditions.get(operator);
        if (keys.size() != 1) {
            return null;
        }
        Map.Entry<String, JsonNode> key = keys.fields().next();
        List<String> values = strings(key.getValue());
        if (values.size() != 1) {
            return null;
        }
        String value = values.get(0);
        if (key.getKey().equalsIgnoreCase("glacier:ArchiveAgeInDays")) {
            return switch (operator) {
                case "NumericLessThan" -> " younger than " + days(value);
                case "NumericLessThanEquals" -> " that is " + days(value) + " old or younger";
                default -> null;
            };
        }
        String tagPrefix = "glacier:ResourceTag/";
        if (key.getKey().regionMatches(true, 0, tagPrefix, 0, tagPrefix.length())
                && (operator.equals("StringEquals") || operator.equals("StringLike"))) {
            String tag = key.getKey().substring(tagPrefix.length());
            return value.equals("*") && operator.equals("StringLike")
                    ? " while the vault has a tag " + tag
                    : " while the vault's tag " + tag + " is " + value;
        }
        return null;
    }

    private static String days(String value) {
        return value.equals("1") ? "1 day" : value + " days";
    }

    private static boolean everyone(JsonNode principal) {
        return principal.isTextual() && principal.asText().equals("*")
                || strings(principal.get("AWS")).equals(List.of("*"));
    }

    private static String who(JsonNode principal, boolean deny) {
        if (everyone(principal)) {
            return deny ? "Nobody" : "Anyone";
        }
        List<String> named = strings(principal.isTextual() ? principal : principal.get("AWS"));
        if (named.isEmpty()) {
            return "The principal " + principal;
        }
        return String.join(" and ", named.stream().map(PolicyExplainer::principalWords).toList());
    }

    private static String principalWords(String arn) {
        if (arn.matches("[0-9]{12}")) {
            return "account " + arn;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("arn:aws:iam::([0-9]{12}):(root|user/(.+))").matcher(arn);
        if (!m.matches()) {
            return arn;
        }
        return m.group(3) == null ? "account " + m.group(1) : "user " + m.group(3) + " of account " + m.group(1);
    }

    /** Everything the statement says, as written, for shapes this class does not paraphrase. */
    private static String literal(JsonNode statement) {
        StringBuilder out = new StringBuilder("Literally: ").append(statement.path("Effect").asText("?"));
        for (String field : List.of("Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource")) {
            JsonNode value = statement.get(field);
            if (value != null) {
                out.append("; ").append(field).append(' ').append(value);
            }
        }
        JsonNode conditions = statement.path("Condition");
        Iterator<String> operators = conditions.fieldNames();
        while (operators.hasNext()) {
            String operator = operators.next();
            conditions.get(operator).fields().forEachRemaining(k ->
                    out.append("; when ").append(k.getKey()).append(' ').append(operator).append(' ').append(k.getValue()));
        }
        return out.append('.').toString();
    }

    private static List<String> strings(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }
}
