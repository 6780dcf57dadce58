package io.permafrost.http.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.permafrost.glacier.GlacierException;

/**
 * The lock wizard's policy: deny every archive delete before the retention age, and, when a hold tag
 * is named, deny deletes while the vault carries that tag with the value {@code true} (a legal hold
 * that outlives retention and is lifted by removing the tag).
 */
final class LockPolicyTemplate {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_RETENTION_DAYS = 36_500;

    private LockPolicyTemplate() {
    }

    static String retention(String vaultArn, String daysText, String holdTag) {
        int days;
        try {
            days = Integer.parseInt(daysText == null ? "" : daysText.trim());
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > MAX_RETENTION_DAYS) {
            throw GlacierException.invalidParameter("Retention must be a whole number of days from 1 to "
                    + MAX_RETENTION_DAYS + ", got: " + daysText);
        }
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode retention = deny(statements, "deny-delete-for-" + days + "-days", vaultArn);
        retention.putObject("Condition").putObject("NumericLessThan").put("glacier:ArchiveAgeInDays", Integer.toString(days));
        String tag = holdTag == null ? "" : holdTag.trim();
        if (!tag.isEmpty()) {
            if (!tag.matches("[A-Za-z0-9_.:/=+@-]{1,128}")) {
                throw GlacierException.invalidParameter("The legal-hold tag key must be 1 to 128 letters, digits or "
                        + "_.:/=+@- characters, got: " + holdTag);
            }
            ObjectNode hold = deny(statements, "deny-delete-under-legal-hold", vaultArn);
            hold.putObject("Condition").putObject("StringEquals").put("glacier:ResourceTag/" + tag, "true");
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode deny(ArrayNode statements, String sid, String vaultArn) {
        return statements.addObject().put("Sid", sid).put("Effect", "Deny").put("Principal", "*")
                .put("Action", "glacier:DeleteArchive").put("Resource", vaultArn);
    }
}
