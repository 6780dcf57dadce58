package io.permafrost.policy;

import static io.permafrost.policy.Requests.ALICE;
import static io.permafrost.policy.Requests.BOB;
import static io.permafrost.policy.Requests.CAROL;
import static io.permafrost.policy.Requests.OTHER;
import static io.permafrost.policy.Requests.OTHER_ROOT;
import static io.permafrost.policy.Requests.OTHER_VAULT;
import static io.permafrost.policy.Requests.OWNER;
import static io.permafrost.policy.Requests.OWNER_ROOT;
import static io.permafrost.policy.Requests.VAULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.GlacierException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Monotonicity of the evaluator over randomly assembled policies drawn from a small vocabulary of
 * principals, actions, resources and conditions, chosen so that every decision occurs often.
 */
class PolicyProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "arn:aws:sts::" + OWNER + ":assumed-role/archiver/nightly";
    private static final String FOREIGN_VAULT = "arn:aws:glacier:us-east-1:" + OTHER + ":vaults/photos";

    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    /** A request plus the statements of the caller's identity policy and of the vault's two resource policies. */
    record Scenario(AuthorizationRequest request, List<Map<String, Object>> identity,
                    List<Map<String, Object>> accessPolicy, List<Map<String, Object>> lockPolicy) {

        List<Policy> identityPolicies() {
            return identity.isEmpty() ? List.of() : List.of(policy(identity, PolicyKind.IDENTITY));
        }

        List<Policy> resourcePolicies() {
            List<Policy> policies = new ArrayList<>();
            if (!accessPolicy.isEmpty()) {
                policies.add(policy(accessPolicy, PolicyKind.RESOURCE));
            }
            if (!lockPolicy.isEmpty()) {
                policies.add(policy(lockPolicy, PolicyKind.RESOURCE));
            }
            return policies;
        }
    }

    /** Where an extra statement goes: as a statement of an existing document, or as a document of its own. */
    enum Placement { IDENTITY_APPENDED, IDENTITY_NEW_POLICY, ACCESS_POLICY_APPENDED, LOCK_POLICY_APPENDED, NEW_RESOURCE_POLICY }

    @Property(tries = 1500)
    void addingADenyStatementNeverWidensAccess(@ForAll("scenarios") Scenario scenario, @ForAll Placement placement,
                                               @ForAll("denyIdentityStatements") Map<String, Object> identityDeny,
                                               @ForAll("denyResourceStatements") Map<String, Object> resourceDeny) {
        Decision before = evaluate(scenario);
        Decision after = evaluateWithExtra(scenario, placement, identityDeny, resourceDeny);

        assertThat(permissiveness(after)).isLessThanOrEqualTo(permissiveness(before));
        Statistics.collect(before, after);
        Statistics.coverage(coverage -> {
            coverage.check(Decision.ALLOW, Decision.ALLOW).count(n -> n > 0);
            coverage.check(Decision.ALLOW, Decision.EXPLICIT_DENY).count(n -> n > 0);
            coverage.check(Decision.IMPLICIT_DENY, Decision.EXPLICIT_DENY).count(n -> n > 0);
        });
    }

    @Property(tries = 1500)
    void addingAnAllowStatementNeverTurnsAnAllowIntoADeny(@ForAll("scenarios") Scenario scenario, @ForAll Placement placement,
                                                         @ForAll("allowIdentityStatements") Map<String, Object> identityAllow,
                                                         @ForAll("allowResourceStatements") Map<String, Object> resourceAllow) {
        Decision before = evaluate(scenario);
        Decision after = evaluateWithExtra(scenario, placement, identityAllow, resourceAllow);

        if (before == Decision.ALLOW) {
            assertThat(after).isEqualTo(Decision.ALLOW);
        }
        // An Allow can never lift an explicit Deny either.
        if (before == Decision.EXPLICIT_DENY) {
            assertThat(after).isEqualTo(Decision.EXPLICIT_DENY);
        }
        Statistics.collect(before, after);
        Statistics.coverage(coverage -> {
            coverage.check(Decision.ALLOW, Decision.ALLOW).count(n -> n > 0);
            coverage.check(Decision.IMPLICIT_DENY, Decision.ALLOW).count(n -> n > 0);
        });
    }

    @Property(tries = 1000)
    void failClosedPolicyAlwaysDenies(@ForAll("scenarios") Scenario scenario, @ForAll("unparseableDocuments") String stored,
                                      @ForAll PolicyKind kind) {
        Assume.that(!parses(stored, kind));
        Policy failClosed = PolicyParser.parseStoredFailClosed(stored, kind);
        List<Policy> identity = new ArrayList<>(scenario.identityPolicies());
        List<Policy> resource = new ArrayList<>(scenario.resourcePolicies());
        (kind == PolicyKind.IDENTITY ? identity : resource).add(failClosed);

        assertThat(evaluator.evaluate(scenario.request(), identity, resource)).isEqualTo(Decision.EXPLICIT_DENY);
    }

    private Decision evaluate(Scenario scenario) {
        return evaluator.evaluate(scenario.request(), scenario.identityPolicies(), scenario.resourcePolicies());
    }

    private static int permissiveness(Decision decision) {
        return switch (decision) {
            case EXPLICIT_DENY -> 0;
            case IMPLICIT_DENY -> 1;
            case ALLOW -> 2;
        };
    }

    /**
     * Evaluates the scenario with one more statement (the identity one for identity placements, else
     * the resource one), either appended to an existing document or as a document of its own.
     */
    private Decision evaluateWithExtra(Scenario scenario, Placement placement, Map<String, Object> identityStatement,
                                       Map<String, Object> resourceStatement) {
        List<Policy> identity = new ArrayList<>(scenario.identityPolicies());
        List<Policy> resource = new ArrayList<>(scenario.resourcePolicies());
        Scenario extended = switch (placement) {
            case IDENTITY_APPENDED -> new Scenario(scenario.request(), plus(scenario.identity(), identityStatement),
                    scenario.accessPolicy(), scenario.lockPolicy());
            case ACCESS_POLICY_APPENDED -> new Scenario(scenario.request(), scenario.identity(),
                    plus(scenario.accessPolicy(), resourceStatement), scenario.lockPolicy());
            case LOCK_POLICY_APPENDED -> new Scenario(scenario.request(), scenario.identity(), scenario.accessPolicy(),
                    plus(scenario.lockPolicy(), resourceStatement));
            case IDENTITY_NEW_POLICY, NEW_RESOURCE_POLICY -> null;
        };
        if (extended != null) {
            return evaluate(extended);
        }
        if (placement == Placement.IDENTITY_NEW_POLICY) {
            identity.add(policy(List.of(identityStatement), PolicyKind.IDENTITY));
        } else {
            resource.add(0, policy(List.of(resourceStatement), PolicyKind.RESOURCE));
        }
        return evaluator.evaluate(scenario.request(), identity, resource);
    }

    private static List<Map<String, Object>> plus(List<Map<String, Object>> statements, Map<String, Object> extra) {
        List<Map<String, Object>> result = new ArrayList<>(statements);
        result.add(extra);
        return result;
    }

    private static Policy policy(List<Map<String, Object>> statements, PolicyKind kind) {
        try {
            return PolicyParser.parse(JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", statements)), kind);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean parses(String json, PolicyKind kind) {
        try {
            PolicyParser.parse(json, kind);
            return true;
        } catch (GlacierException e) {
            return false;
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<Map<String, Object>>> identity = statements(PolicyKind.IDENTITY, Arbitraries.of("Allow", "Deny"))
                .list().ofMaxSize(3);
        Arbitrary<List<Map<String, Object>>> resource = statements(PolicyKind.RESOURCE, Arbitraries.of("Allow", "Deny"))
                .list().ofMaxSize(2);
        return Combinators.combine(requests(), identity, resource, resource).as(Scenario::new);
    }

    @Provide
    Arbitrary<Map<String, Object>> denyIdentityStatements() {
        return statements(PolicyKind.IDENTITY, Arbitraries.just("Deny"));
    }

    @Provide
    Arbitrary<Map<String, Object>> denyResourceStatements() {
        return statements(PolicyKind.RESOURCE, Arbitraries.just("Deny"));
    }

    @Provide
    Arbitrary<Map<String, Object>> allowIdentityStatements() {
        return statements(PolicyKind.IDENTITY, Arbitraries.just("Allow"));
    }

    @Provide
    Arbitrary<Map<String, Object>> allowResourceStatements() {
        return statements(PolicyKind.RESOURCE, Arbitraries.just("Allow"));
    }

    @Provide
    Arbitrary<String> unparseableDocuments() {
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<String> truncated = Combinators.combine(statements(PolicyKind.RESOURCE, Arbitraries.of("Allow", "Deny")),
                        Arbitraries.integers().between(0, 1000))
                .as((statement, cut) -> {
                    String full = "{\"Statement\":[" + write(statement) + "]}";
                    return full.substring(0, Math.min(cut, full.length() - 1));
                });
        Arbitrary<String> wrongKind = statements(PolicyKind.RESOURCE, Arbitraries.of("Allow", "Deny"))
                .map(statement -> "{\"Statement\":" + write(statement).replace("\"Effect\"", "\"effect\"") + "}");
        return Arbitraries.oneOf(noise, truncated, wrongKind, Arbitraries.of("", "null", "[]", "{}", "{\"Statement\":[]}"));
    }

    private static String write(Map<String, Object> statement) {
        try {
            return JSON.writeValueAsString(statement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Arbitrary<AuthorizationRequest> requests() {
        Arbitrary<String> principals = Arbitraries.of(OWNER_ROOT, ALICE, BOB, SESSION, OTHER_ROOT, CAROL);
        Arbitrary<String> actions = Arbitraries.of("glacier:DeleteArchive", "glacier:UploadArchive", "glacier:DescribeVault",
                "glacier:AbortVaultLock", "glacier:ListVaults");
        Arbitrary<String> resources = Arbitraries.of(VAULT, VAULT, OTHER_VAULT, FOREIGN_VAULT, "*");
        Arbitrary<String> ages = Arbitraries.of("", "0", "10", "364", "365", "400");
        Arbitrary<String> holds = Arbitraries.of("-", "true", "", "false");
        Arbitrary<String> mfa = Arbitraries.of("-", "true", "false");
        return Combinators.combine(principals, actions, resources, ages, holds, mfa).as((principal, action, resource, age, hold, auth) -> {
            ConditionContext.Builder context = ConditionContext.builder().put("aws:PrincipalArn", principal);
            if (!age.isEmpty()) {
                context.put("glacier:ArchiveAgeInDays", age);
            }
            if (!hold.equals("-")) {
                context.put("glacier:ResourceTag/LegalHold", hold);
            }
            if (!auth.equals("-")) {
                context.put("aws:MultiFactorAuthPresent", auth);
            }
            return Requests.as(principal, action, resource, context.build());
        });
    }

    private Arbitrary<Map<String, Object>> statements(PolicyKind kind, Arbitrary<String> effects) {
        Arbitrary<Map.Entry<String, Object>> actions = Arbitraries.of(
                Map.entry("Action", "*"), Map.entry("Action", "glacier:*"), Map.entry("Action", "glacier:Delete*"),
                Map.entry("Action", "glacier:deletearchive"), Map.entry("Action", List.of("glacier:UploadArchive", "glacier:Describe*")),
                Map.entry("Action", "glacier:List*"), Map.entry("NotAction", "glacier:DeleteArchive"));
        Arbitrary<Map.Entry<String, Object>> resources = Arbitraries.of(
                Map.entry("Resource", "*"), Map.entry("Resource", VAULT), Map.entry("Resource", "arn:aws:glacier:*:*:vaults/*"),
                Map.entry("Resource", List.of(OTHER_VAULT, FOREIGN_VAULT)), Map.entry("NotResource", VAULT));
        Arbitrary<Map.Entry<String, Object>> principals = Arbitraries.of(
                Map.entry("Principal", "*"), Map.entry("Principal", Map.of("AWS", OWNER)),
                Map.entry("Principal", Map.of("AWS", OTHER_ROOT)), Map.entry("Principal", Map.of("AWS", ALICE)),
                Map.entry("Principal", Map.of("AWS", List.of(CAROL, BOB))),
                Map.entry("Principal", Map.of("AWS", "arn:aws:iam::" + OWNER + ":role/archiver")),
                Map.entry("Principal", Map.of("Service", "glacier.amazonaws.com")),
                Map.entry("NotPrincipal", Map.of("AWS", ALICE)));
        Arbitrary<Map<String, Object>> conditions = Arbitraries.of(
                Map.of(),
                Map.of("NumericLessThan", Map.of("glacier:ArchiveAgeInDays", "365")),
                Map.of("NumericGreaterThanEqualsIfExists", Map.of("glacier:ArchiveAgeinDays", 365)),
                Map.of("StringLike", Map.of("glacier:ResourceTag/LegalHold", List.of("true", ""))),
                Map.of("StringNotEquals", Map.of("glacier:resourcetag/legalhold", "true")),
                Map.of("Null", Map.of("glacier:ResourceTag/LegalHold", true)),
                Map.of("Bool", Map.of("aws:MultiFactorAuthPresent", true)),
                Map.of("ArnLike", Map.of("aws:PrincipalArn", "arn:aws:iam::*:user/*")),
                Map.of("ForAllValues:StringEquals", Map.of("aws:TagKeys", "x")));
        Arbitrary<Map.Entry<String, Object>> principalOrNone = kind == PolicyKind.RESOURCE ? principals : Arbitraries.just(null);
        return Combinators.combine(effects, actions, resources, principalOrNone, conditions).as((effect, action, resource, principal, condition) -> {
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("Effect", effect);
            statement.put(action.getKey(), action.getValue());
            statement.put(resource.getKey(), resource.getValue());
            if (principal != null) {
                statement.put(principal.getKey(), principal.getValue());
            }
            if (!condition.isEmpty()) {
                statement.put("Condition", condition);
            }
            return statement;
        });
    }
}
