package io.permafrost.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Principal or NotPrincipal element into the forms of spec 15.2. Wildcards inside an ARN
 * are rejected, as IAM does: only a bare "*" may stand for "anyone".
 */
final class PrincipalParser {
    private static final String PARTITION = "(aws(?:-[a-z]+)*)";
    private static final String ACCOUNT = "(\\d{12})";
    private static final String NAME = "[\\w+=,.@-]+";
    private static final String PATH_AND_NAME = "(?:" + NAME + "/)*(" + NAME + ")";

    private static final Pattern ACCOUNT_ID = Pattern.compile(ACCOUNT);
    private static final Pattern ROOT = Pattern.compile("arn:" + PARTITION + ":iam::" + ACCOUNT + ":root");
    private static final Pattern USER = Pattern.compile("arn:" + PARTITION + ":iam::" + ACCOUNT + ":user/" + PATH_AND_NAME);
    private static final Pattern ROLE = Pattern.compile("arn:" + PARTITION + ":iam::" + ACCOUNT + ":role/" + PATH_AND_NAME);
    private static final Pattern SESSION = Pattern.compile(
            "arn:" + PARTITION + ":sts::" + ACCOUNT + ":assumed-role/" + NAME + "/" + NAME);

    private static final Set<String> UNMATCHABLE_TYPES = Set.of("Service", "Federated", "CanonicalUser");

    private PrincipalParser() {
    }

    /**
     * @param negated true for NotPrincipal
     * @param path where the element is, for messages ("Statement[0].Principal")
     */
    static PrincipalClause parse(JsonNode node, boolean negated, String path) {
        if (node.isTextual()) {
            if (!node.textValue().equals("*")) {
                throw GlacierException.invalidParameter(path + " must be \"*\" or an object such as {\"AWS\": …}, got " + node);
            }
            return new PrincipalClause(negated, List.of(new PrincipalPattern.Everyone()));
        }
        if (!node.isObject() || node.isEmpty()) {
            throw GlacierException.invalidParameter(path + " must be \"*\" or a non-empty object such as {\"AWS\": …}, got " + node);
        }
        List<PrincipalPattern> patterns = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String type = entry.getKey();
            String typePath = path + "." + type;
            List<String> values = StringList.read(entry.getValue(), typePath);
            if (type.equals("AWS")) {
                values.forEach(value -> patterns.add(awsPrincipal(value, typePath)));
            } else if (UNMATCHABLE_TYPES.contains(type)) {
                values.forEach(value -> patterns.add(new PrincipalPattern.Unmatchable(type, value)));
            } else {
                throw GlacierException.invalidParameter(path + " has unknown principal type \"" + type
                        + "\" (expected AWS, Service, Federated or CanonicalUser)");
            }
        }
        return new PrincipalClause(negated, patterns);
    }

    private static PrincipalPattern awsPrincipal(String value, String path) {
        if (value.equals("*")) {
            return new PrincipalPattern.Everyone();
        }
        if (ACCOUNT_ID.matcher(value).matches()) {
            return new PrincipalPattern.Account(value);
        }
        Matcher root = ROOT.matcher(value);
        if (root.matches()) {
            return new PrincipalPattern.Account(root.group(2));
        }
        if (USER.matcher(value).matches() || SESSION.matcher(value).matches()) {
            return new PrincipalPattern.Exact(value);
        }
        Matcher role = ROLE.matcher(value);
        if (role.matches()) {
            return new PrincipalPattern.Role(value, role.group(1), role.group(2), role.group(3));
        }
        throw GlacierException.invalidParameter(path + " value \"" + value
                + "\" is not \"*\", a 12-digit account id, or an IAM root, user, role or assumed-role ARN");
    }
}
