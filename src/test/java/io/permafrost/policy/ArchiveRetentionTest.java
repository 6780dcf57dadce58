package io.permafrost.policy;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveRetentionTest {
    private static final String VAULT = "arn:aws:glacier:us-east-1:111122223333:vaults/records";

    private static OptionalLong days(String statements) {
        return ArchiveRetention.days(PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}",
                PolicyKind.RESOURCE), VAULT);
    }

    private static String deny(String principal, String action, String resource, String condition) {
        return "{\"Effect\":\"Deny\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\""
                + resource + "\",\"Condition\":" + condition + "}";
    }

    private static String ageBelow(String operator, String days) {
        return "{\"" + operator + "\":{\"glacier:ArchiveAgeInDays\":\"" + days + "\"}}";
    }

    @Test
    void theComplianceShapeDerivesItsDays() {
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericLessThan", "365"))))
                .hasValue(365);
    }

    @Test
    void lessThanEqualsKeepsTheLastDayToo() {
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericLessThanEquals", "365"))))
                .hasValue(366);
    }

    @Test
    void wildcardsInActionAndResourceAndKeyCaseStillDerive() {
        String condition = "{\"NumericLessThan\":{\"glacier:archiveageindays\":\"30\"}}";
        assertThat(days(deny("{\"AWS\":\"*\"}", "glacier:Delete*", "arn:aws:glacier:*:111122223333:vaults/*",
                condition))).hasValue(30);
    }

    @Test
    void theLongestOfSeveralRulesWins() {
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericLessThan", "30")) + ","
                + deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericLessThan", "3650")))).hasValue(3650);
    }

    @Test
    void anAbsurdlyLongRuleIsBoundedToACentury() {
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericLessThan", "99999999"))))
                .hasValue(ArchiveRetention.MAX_DAYS);
    }

    @Test
    void shapesThatDoNotDenyEveryoneEveryDeleteBelowAnAgeDeriveNothing() {
        String rule = ageBelow("NumericLessThan", "365");
        // Allow, not Deny.
        assertThat(days("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"glacier:DeleteArchive\",\"Resource\":\""
                + VAULT + "\",\"Condition\":" + rule + "}")).isEmpty();
        // Only one principal: another caller may delete.
        assertThat(days(deny("{\"AWS\":\"arn:aws:iam::111122223333:user/bob\"}", "glacier:DeleteArchive", VAULT, rule)))
                .isEmpty();
        // Another action.
        assertThat(days(deny("\"*\"", "glacier:UploadArchive", VAULT, rule))).isEmpty();
        // Another vault.
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", "arn:aws:glacier:us-east-1:111122223333:vaults/other",
                rule))).isEmpty();
        // Greater-than: a minimum age before the rule applies, not a retention.
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericGreaterThan", "365")))).isEmpty();
        // A second condition narrows who is denied.
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT,
                "{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"},\"Bool\":{\"aws:SecureTransport\":\"false\"}}")))
                .isEmpty();
        // Another key.
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT,
                "{\"NumericLessThan\":{\"glacier:ResourceTag/Age\":\"365\"}}"))).isEmpty();
        // A rule that holds for no age at all.
        assertThat(days(deny("\"*\"", "glacier:DeleteArchive", VAULT, ageBelow("NumericLessThan", "0")))).isEmpty();
    }

    @Test
    void anUnconditionalDenyOfDeletionIsForeverButNotAnAgeRule() {
        // Deletes are denied for ever; nothing here says "until an age", so no retention is derived
        // (the policy alone protects these archives; the store gets no date to hold them to).
        assertThat(days("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"glacier:DeleteArchive\",\"Resource\":\""
                + VAULT + "\"}")).isEmpty();
    }
}
