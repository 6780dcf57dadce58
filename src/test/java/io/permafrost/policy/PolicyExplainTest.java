package io.permafrost.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.permafrost.policy.Requests.ALICE;
import static io.permafrost.policy.Requests.OTHER_ROOT;
import static io.permafrost.policy.Requests.OWNER_ROOT;
import static io.permafrost.policy.Requests.VAULT;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link PolicyEvaluator#explain}: the statement it names is the one that decided. */
class PolicyExplainTest {
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    private static Policy resource(String statements) {
        return PolicyParser.parse("{\"Statement\":[" + statements + "]}", PolicyKind.RESOURCE);
    }

    private static String statement(String effect, String principal, String action) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action
                + "\",\"Resource\":\"" + VAULT + "\"}";
    }

    @Test
    void theDenyThatWinsIsNamedEvenAfterAnAllowAndInTheSecondPolicy() {
        Policy access = resource(statement("Allow", "\"*\"", "glacier:DeleteArchive"));
        Policy lock = resource(statement("Deny", "\"*\"", "glacier:ListJobs") + ","
                + statement("Deny", "\"*\"", "glacier:DeleteArchive"));
        Verdict verdict = EVALUATOR.explain(Requests.as(OWNER_ROOT, "glacier:DeleteArchive"), List.of(), List.of(access, lock));
        assertThat(verdict).isEqualTo(new Verdict(Decision.EXPLICIT_DENY, new DecidingStatement(PolicyKind.RESOURCE, 1, 1, null)));
    }

    @Test
    void aCrossAccountAllowNamesTheGrantingStatement() {
        Policy access = resource(statement("Allow", "{\"AWS\":\"" + OTHER_ROOT + "\"}", "glacier:ListJobs") + ","
                + statement("Allow", "{\"AWS\":\"" + OTHER_ROOT + "\"}", "glacier:DescribeVault"));
        Verdict verdict = EVALUATOR.explain(Requests.as(OTHER_ROOT, "glacier:DescribeVault"), List.of(), List.of(access));
        assertThat(verdict).isEqualTo(new Verdict(Decision.ALLOW, new DecidingStatement(PolicyKind.RESOURCE, 0, 1, null)));
    }

    @Test
    void anIdentityAllowInTheOwnerAccountNamesTheIdentityStatement() {
        Policy identity = PolicyParser.parse("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"glacier:ListJobs\","
                + "\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"glacier:*\",\"Resource\":\"*\"}]}", PolicyKind.IDENTITY);
        Verdict verdict = EVALUATOR.explain(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(identity), List.of());
        assertThat(verdict).isEqualTo(new Verdict(Decision.ALLOW, new DecidingStatement(PolicyKind.IDENTITY, 0, 1, null)));
    }

    @Test
    void implicitDenyAndTheRootsOwnAccessNameNoStatement() {
        assertThat(EVALUATOR.explain(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(), List.of()))
                .isEqualTo(new Verdict(Decision.IMPLICIT_DENY, null));
        assertThat(EVALUATOR.explain(Requests.owner("glacier:DeleteArchive"), List.of(), List.of()))
                .isEqualTo(new Verdict(Decision.ALLOW, null));
    }
}
