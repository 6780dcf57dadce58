package io.permafrost.http.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyExplainerTest {
    private static final String ARN = "arn:aws:glacier:us-east-1:111122223333:vaults/records";

    @Test
    void retentionLockReadsAsTheSentenceACompliancePersonWouldSay() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"r\",\"Principal\":\"*\",\"Effect\":\"Deny\","
                + "\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"" + ARN + "\","
                + "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";
        assertThat(PolicyExplainer.explain(policy)).containsExactly("Nobody may delete an archive younger than 365 days.");
    }

    @Test
    void legalHoldTagAndTheWizardsOwnPolicyAreExplainedStatementByStatement() {
        String policy = LockPolicyTemplate.retention(ARN, "30", "LegalHold");
        assertThat(PolicyExplainer.explain(policy)).containsExactly(
                "Nobody may delete an archive younger than 30 days.",
                "Nobody may delete an archive while the vault's tag LegalHold is true.");
    }

    @Test
    void crossAccountGrantNamesTheAccountAndTheActions() {
        String policy = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::444455556666:root\","
                + "\"arn:aws:iam::111122223333:user/auditor\"]},\"Action\":[\"glacier:ListJobs\",\"glacier:DescribeVault\"],"
                + "\"Resource\":\"" + ARN + "\"}}";
        assertThat(PolicyExplainer.explain(policy)).containsExactly(
                "account 444455556666 and user auditor of account 111122223333 may list jobs, describe the vault.");
    }

    @Test
    void anUnfamiliarShapeIsRenderedLiterallyNotGuessedAt() {
        String policy = "{\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"glacier:DeleteArchive\","
                + "\"Resource\":\"" + ARN + "\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}";
        assertThat(PolicyExplainer.explain(policy)).singleElement().asString()
                .startsWith("Literally: Deny")
                .contains("when aws:SourceIp IpAddress \"10.0.0.0/8\"");
    }

    @Test
    void notJsonSaysSoInsteadOfFailing() {
        assertThat(PolicyExplainer.explain("{nope")).containsExactly(
                "This document is not valid JSON, so it cannot be explained.");
    }

    @Test
    void theWizardRefusesRetentionOutsideItsRangeWithAnApiStyleMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LockPolicyTemplate.retention(ARN, "0", ""))
                .hasMessage("Retention must be a whole number of days from 1 to 36500, got: 0");
    }
}
