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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyEvaluatorTest {
    private static final PolicyEvaluator EVALUATOR = new PolicyEvaluator();

    private static final Policy IDENTITY_ALL_GLACIER = identity("Allow", "\"glacier:*\"", "\"*\"");

    private static Policy identity(String effect, String action, String resource) {
        return PolicyParser.parse("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"" + effect + "\",\"Action\":" + action
                + ",\"Resource\":" + resource + "}}", PolicyKind.IDENTITY);
    }

    private static Policy resource(String effect, String principal, String action) {
        return PolicyParser.parse("{\"Statement\":[{\"Effect\":\"" + effect + "\",\"Principal\":" + principal
                + ",\"Action\":" + action + ",\"Resource\":\"" + VAULT + "\"}]}", PolicyKind.RESOURCE);
    }

    private static Decision decide(AuthorizationRequest request, List<Policy> identity, List<Policy> resource) {
        return EVALUATOR.evaluate(request, identity, resource);
    }

    @Nested
    class SameAccount {
        @Test
        void rootNeedsNoPolicy() {
            assertThat(decide(Requests.owner("glacier:DeleteArchive"), List.of(), List.of())).isEqualTo(Decision.ALLOW);
        }

        @Test
        void userWithoutAnyPolicyIsImplicitlyDenied() {
            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(), List.of())).isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void identityAllowSuffices() {
            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(IDENTITY_ALL_GLACIER), List.of()))
                    .isEqualTo(Decision.ALLOW);
        }

        @Test
        void identityAllowForAnotherVaultDoesNotApply() {
            Policy taxesOnly = identity("Allow", "\"glacier:*\"", "\"" + OTHER_VAULT + "\"");

            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(taxesOnly), List.of()))
                    .isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void resourceGrantNamingTheUserSuffices() {
            Policy grant = resource("Allow", "{\"AWS\":\"" + ALICE + "\"}", "\"glacier:DeleteArchive\"");

            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(), List.of(grant))).isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as(BOB, "glacier:DeleteArchive"), List.of(), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
        }

        @ParameterizedTest(name = "grant to {0}")
        @CsvSource({"'{\"AWS\":\"111122223333\"}'", "'{\"AWS\":\"arn:aws:iam::111122223333:root\"}'", "'\"*\"'", "'{\"AWS\":\"*\"}'"})
        void accountWideGrantStillNeedsAnIdentityAllowForUsers(String principal) {
            Policy grant = resource("Allow", principal, "\"glacier:*\"");
            AuthorizationRequest request = Requests.as(ALICE, "glacier:DeleteArchive");

            assertThat(decide(request, List.of(), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(decide(request, List.of(IDENTITY_ALL_GLACIER), List.of(grant))).isEqualTo(Decision.ALLOW);
        }

        @Test
        void roleGrantCoversTheRoleAndItsSessions() {
            Policy grant = resource("Allow", "{\"AWS\":\"arn:aws:iam::" + OWNER + ":role/ops/archiver\"}", "\"glacier:UploadArchive\"");

            assertThat(decide(Requests.as("arn:aws:sts::" + OWNER + ":assumed-role/archiver/nightly", "glacier:UploadArchive"),
                    List.of(), List.of(grant))).isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as("arn:aws:iam::" + OWNER + ":role/ops/archiver", "glacier:UploadArchive"),
                    List.of(), List.of(grant))).isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as("arn:aws:sts::" + OWNER + ":assumed-role/archiver2/nightly", "glacier:UploadArchive"),
                    List.of(), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(decide(Requests.as("arn:aws:sts::" + OTHER + ":assumed-role/archiver/nightly", "glacier:UploadArchive"),
                    List.of(IDENTITY_ALL_GLACIER), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void sessionGrantCoversOnlyThatSession() {
            String session = "arn:aws:sts::" + OWNER + ":assumed-role/archiver/nightly";
            Policy grant = resource("Allow", "{\"AWS\":\"" + session + "\"}", "\"glacier:UploadArchive\"");

            assertThat(decide(Requests.as(session, "glacier:UploadArchive"), List.of(), List.of(grant))).isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as("arn:aws:sts::" + OWNER + ":assumed-role/archiver/daily", "glacier:UploadArchive"),
                    List.of(), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void unmatchablePrincipalTypesGrantNothing() {
            Policy grant = resource("Allow", "{\"Service\":\"glacier.amazonaws.com\",\"CanonicalUser\":\"abc\"}", "\"glacier:*\"");

            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
        }
    }

    @Nested
    class CrossAccount {
        private final Policy grantToOtherAccount = resource("Allow", "{\"AWS\":\"" + OTHER + "\"}", "\"glacier:UploadArchive\"");

        @Test
        void otherRootWithoutResourceGrantIsDenied() {
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:UploadArchive"), List.of(), List.of())).isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void identityAllowAloneIsNotEnough() {
            assertThat(decide(Requests.as(CAROL, "glacier:UploadArchive"), List.of(IDENTITY_ALL_GLACIER), List.of()))
                    .isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void accountGrantAllowsTheOtherRoot() {
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:UploadArchive"), List.of(), List.of(grantToOtherAccount)))
                    .isEqualTo(Decision.ALLOW);
        }

        @Test
        void accountGrantAllowsOtherUsersOnlyWithTheirIdentityAllow() {
            AuthorizationRequest request = Requests.as(CAROL, "glacier:UploadArchive");

            assertThat(decide(request, List.of(), List.of(grantToOtherAccount))).isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(decide(request, List.of(IDENTITY_ALL_GLACIER), List.of(grantToOtherAccount))).isEqualTo(Decision.ALLOW);
        }

        @Test
        void grantCoversOnlyTheGrantedActions() {
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:DeleteArchive"), List.of(), List.of(grantToOtherAccount)))
                    .isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void grantByNameNeedsIdentityAllowToo() {
            Policy grant = resource("Allow", "{\"AWS\":[\"" + CAROL + "\"]}", "\"glacier:*\"");
            AuthorizationRequest request = Requests.as(CAROL, "glacier:ListJobs");

            assertThat(decide(request, List.of(), List.of(grant))).isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(decide(request, List.of(IDENTITY_ALL_GLACIER), List.of(grant))).isEqualTo(Decision.ALLOW);
        }

        @Test
        void grantToEveryoneAllowsOtherRoot() {
            Policy grant = resource("Allow", "\"*\"", "\"glacier:Describe*\"");

            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:DescribeVault"), List.of(), List.of(grant))).isEqualTo(Decision.ALLOW);
        }

        @Test
        void denyNamingAnotherAccountDoesNotAffectTheOwner() {
            Policy deny = resource("Deny", "{\"AWS\":\"" + OTHER + "\"}", "\"*\"");

            assertThat(decide(Requests.owner("glacier:DeleteArchive"), List.of(), List.of(deny))).isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:DeleteArchive"), List.of(), List.of(deny, grantToOtherAccount)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
        }
    }

    @Nested
    class VaultLock {
        private final Policy retention = PolicyParser.parse("""
                {"Version":"2012-10-17","Statement":[{"Sid":"deny-based-on-archive-age","Principal":"*",
                 "Effect":"Deny","Action":"glacier:DeleteArchive",
                 "Resource":["arn:aws:glacier:us-east-1:111122223333:vaults/photos"],
                 "Condition":{"NumericLessThan":{"glacier:ArchiveAgeInDays":"365"}}}]}""", PolicyKind.RESOURCE);

        private final Policy legalHold = PolicyParser.parse("""
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"lock-vault","Principal":"*","Effect":"Deny","Action":"glacier:DeleteArchive",
                  "Resource":["arn:aws:glacier:us-east-1:111122223333:vaults/photos"],
                  "Condition":{"StringLike":{"glacier:ResourceTag/LegalHold":["true",""]}}},
                 {"Sid":"add-based-on-time","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Effect":"Allow",
                  "Action":"glacier:DeleteArchive",
                  "Resource":["arn:aws:glacier:us-east-1:111122223333:vaults/photos"],
                  "Condition":{"NumericLessThan":{"glacier:ArchiveAgeInDays":"365"}}}]}""", PolicyKind.RESOURCE);

        private AuthorizationRequest deleteBy(String principal, ConditionContext context) {
            return Requests.as(principal, "glacier:DeleteArchive", VAULT, context);
        }

        private ConditionContext age(int days) {
            return ConditionContext.builder().put("glacier:ArchiveAgeInDays", Integer.toString(days)).build();
        }

        @ParameterizedTest(name = "age {0} days -> {1}")
        @CsvSource({"0, EXPLICIT_DENY", "10, EXPLICIT_DENY", "364, EXPLICIT_DENY", "365, ALLOW", "400, ALLOW"})
        void retentionDeniesYoungArchivesEvenToRoot(int days, Decision expected) {
            assertThat(decide(deleteBy(OWNER_ROOT, age(days)), List.of(), List.of(retention))).isEqualTo(expected);
        }

        @Test
        void retentionAppliesOnlyToDeleteArchive() {
            AuthorizationRequest upload = Requests.as(OWNER_ROOT, "glacier:UploadArchive", VAULT, age(10));

            assertThat(decide(upload, List.of(), List.of(retention))).isEqualTo(Decision.ALLOW);
        }

        @Test
        void lockedDenyCannotBeOverriddenByAnyAllow() {
            Policy accessPolicyAllow = resource("Allow", "{\"AWS\":\"" + ALICE + "\"}", "\"glacier:*\"");
            Policy identityAllow = identity("Allow", "[\"glacier:DeleteArchive\",\"*\"]", "\"*\"");

            assertThat(decide(deleteBy(ALICE, age(10)), List.of(identityAllow), List.of(accessPolicyAllow, retention)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(deleteBy(ALICE, age(10)), List.of(identityAllow), List.of(retention, accessPolicyAllow)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(deleteBy(ALICE, age(400)), List.of(identityAllow), List.of(accessPolicyAllow, retention)))
                    .isEqualTo(Decision.ALLOW);
        }

        @Test
        void lockPolicyWithLowerCaseKeySpellingFromAwsExamplesWorks() {
            Policy lock = PolicyParser.parse(PolicyParserTest.BOTOCORE_LOCK_POLICY.replace("us-west-2:999999999999:vaults/examplevault",
                    "us-east-1:111122223333:vaults/photos").replace("999999999999", OWNER), PolicyKind.RESOURCE);

            assertThat(decide(deleteBy(OWNER_ROOT, age(365)), List.of(), List.of(lock))).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(deleteBy(OWNER_ROOT, age(366)), List.of(), List.of(lock))).isEqualTo(Decision.ALLOW);
        }

        static Stream<Arguments> legalHoldCases() {
            return Stream.of(
                    Arguments.of("tag true", "glacier:ResourceTag/LegalHold", "true", 400, Decision.EXPLICIT_DENY),
                    Arguments.of("tag empty", "glacier:ResourceTag/LegalHold", "", 400, Decision.EXPLICIT_DENY),
                    Arguments.of("tag key in other case", "glacier:resourcetag/legalhold", "true", 400, Decision.EXPLICIT_DENY),
                    Arguments.of("tag false", "glacier:ResourceTag/LegalHold", "false", 400, Decision.ALLOW),
                    Arguments.of("tag True (values are case-sensitive)", "glacier:ResourceTag/LegalHold", "True", 10, Decision.ALLOW),
                    Arguments.of("other tag", "glacier:ResourceTag/Project", "true", 10, Decision.ALLOW));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("legalHoldCases")
        void legalHoldFreezesDeletionsWhileTheTagSaysSo(String name, String tagKey, String tagValue, int days, Decision expected) {
            ConditionContext context = ConditionContext.builder()
                    .put(tagKey, tagValue)
                    .put("glacier:ArchiveAgeInDays", Integer.toString(days))
                    .build();

            assertThat(decide(deleteBy(OWNER_ROOT, context), List.of(), List.of(legalHold))).isEqualTo(expected);
        }

        @Test
        void legalHoldDoesNotApplyWithoutTheTag() {
            assertThat(decide(deleteBy(OWNER_ROOT, age(10)), List.of(), List.of(legalHold))).isEqualTo(Decision.ALLOW);
        }
    }

    @Nested
    class Matching {
        @ParameterizedTest(name = "{0} vs {1} -> {2}")
        @CsvSource({
                "glacier:DeleteArchive, glacier:DeleteArchive, ALLOW",
                "GLACIER:deletearchive, glacier:DeleteArchive, ALLOW",
                "glacier:Delete*, glacier:DeleteVaultAccessPolicy, ALLOW",
                "glacier:Delete*, glacier:UploadArchive, IMPLICIT_DENY",
                "glacier:Describe?ault, glacier:DescribeVault, ALLOW",
                "glacier:Describe?ault, glacier:DescribeJob, IMPLICIT_DENY",
                "s3:*, glacier:DescribeVault, IMPLICIT_DENY",
                "*, glacier:DescribeVault, ALLOW"})
        void actionsMatchCaseInsensitivelyWithWildcards(String pattern, String action, Decision expected) {
            Policy policy = identity("Allow", "\"" + pattern + "\"", "\"*\"");

            assertThat(decide(Requests.as(ALICE, action), List.of(policy), List.of())).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "arn:aws:glacier:us-east-1:111122223333:vaults/photos, ALLOW",
                "arn:aws:glacier:us-east-1:111122223333:vaults/Photos, IMPLICIT_DENY",
                "arn:aws:glacier:us-east-1:111122223333:vaults/pho*, ALLOW",
                "arn:aws:glacier:us-east-1:111122223333:vaults/phot?s, ALLOW",
                "arn:aws:glacier:us-east-1:111122223333:vaults/*, ALLOW",
                "arn:aws:glacier:*:111122223333:vaults/photos, ALLOW",
                "arn:aws:glacier:us-west-2:111122223333:vaults/photos, IMPLICIT_DENY",
                "arn:aws:glacier:us-east-1:444455556666:vaults/photos, IMPLICIT_DENY",
                "arn:aws:glacier:*:*:*, ALLOW",
                "arn:aws:s3:::photos, IMPLICIT_DENY"})
        void resourcesMatchCaseSensitivelyWithWildcards(String pattern, Decision expected) {
            Policy policy = identity("Allow", "\"glacier:*\"", "\"" + pattern + "\"");

            assertThat(decide(Requests.as(ALICE, "glacier:DescribeVault"), List.of(policy), List.of())).isEqualTo(expected);
        }

        @Test
        void notActionDeniesEverythingElse() {
            Policy readOnly = PolicyParser.parse("""
                    {"Statement":[{"Effect":"Deny","Principal":"*","NotAction":["glacier:Describe*","glacier:List*"],"Resource":"*"}]}""",
                    PolicyKind.RESOURCE);

            assertThat(decide(Requests.owner("glacier:DeleteArchive"), List.of(), List.of(readOnly))).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(Requests.owner("glacier:DescribeVault"), List.of(), List.of(readOnly))).isEqualTo(Decision.ALLOW);
        }

        @Test
        void notResourceAppliesToEveryOtherResource() {
            Policy policy = PolicyParser.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"glacier:*\",\"NotResource\":\""
                    + OTHER_VAULT + "\"}}", PolicyKind.IDENTITY);

            assertThat(decide(Requests.as(ALICE, "glacier:DescribeVault", VAULT, ConditionContext.empty()), List.of(policy), List.of()))
                    .isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as(ALICE, "glacier:DescribeVault", OTHER_VAULT, ConditionContext.empty()), List.of(policy), List.of()))
                    .isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void notPrincipalDenyExemptsOnlyTheListed() {
            Policy onlyAliceDeletes = PolicyParser.parse("{\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + ALICE
                    + "\"},\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"*\"}}", PolicyKind.RESOURCE);
            List<Policy> identity = List.of(IDENTITY_ALL_GLACIER);

            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), identity, List.of(onlyAliceDeletes))).isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as(BOB, "glacier:DeleteArchive"), identity, List.of(onlyAliceDeletes)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(Requests.owner("glacier:DeleteArchive"), List.of(), List.of(onlyAliceDeletes)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
        }

        @Test
        void notPrincipalAccountExemptsTheWholeAccount() {
            Policy foreignersMayNotDelete = PolicyParser.parse("{\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + OWNER
                    + "\"},\"Action\":\"glacier:Delete*\",\"Resource\":\"*\"}}", PolicyKind.RESOURCE);
            Policy grant = resource("Allow", "\"*\"", "\"glacier:*\"");

            assertThat(decide(Requests.as(BOB, "glacier:DeleteArchive"), List.of(IDENTITY_ALL_GLACIER), List.of(foreignersMayNotDelete)))
                    .isEqualTo(Decision.ALLOW);
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:DeleteArchive"), List.of(), List.of(grant, foreignersMayNotDelete)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
        }

        @Test
        void notPrincipalAllowIsNeverASpecificGrant() {
            Policy allowAllButBob = PolicyParser.parse("{\"Statement\":{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"" + BOB
                    + "\"},\"Action\":\"glacier:*\",\"Resource\":\"*\"}}", PolicyKind.RESOURCE);

            assertThat(decide(Requests.as(ALICE, "glacier:DescribeVault"), List.of(), List.of(allowAllButBob)))
                    .isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:DescribeVault"), List.of(), List.of(allowAllButBob)))
                    .isEqualTo(Decision.ALLOW);
        }
    }

    @Nested
    class DenyPrecedence {
        @Test
        void identityDenyBeatsIdentityAllow() {
            Policy deny = identity("Deny", "\"glacier:DeleteArchive\"", "\"*\"");

            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(IDENTITY_ALL_GLACIER, deny), List.of()))
                    .isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(Requests.as(ALICE, "glacier:UploadArchive"), List.of(IDENTITY_ALL_GLACIER, deny), List.of()))
                    .isEqualTo(Decision.ALLOW);
        }

        @ParameterizedTest(name = "deny to {0}")
        @CsvSource({"'\"*\"'", "'{\"AWS\":\"111122223333\"}'", "'{\"AWS\":\"arn:aws:iam::111122223333:root\"}'"})
        void resourceDenyToTheAccountBindsItsRoot(String principal) {
            Policy deny = resource("Deny", principal, "\"glacier:AbortVaultLock\"");

            assertThat(decide(Requests.owner("glacier:AbortVaultLock"), List.of(), List.of(deny))).isEqualTo(Decision.EXPLICIT_DENY);
        }

        @Test
        void denyOfAnotherActionDoesNotApply() {
            Policy deny = resource("Deny", "\"*\"", "\"glacier:AbortVaultLock\"");

            assertThat(decide(Requests.owner("glacier:DeleteArchive"), List.of(), List.of(deny))).isEqualTo(Decision.ALLOW);
        }
    }

    @Nested
    class VaultLessActions {
        @Test
        void identityAllowOnStarAllows() {
            AuthorizationRequest request = Requests.as(ALICE, "glacier:ListVaults", "*", ConditionContext.empty());

            assertThat(decide(request, List.of(identity("Allow", "\"glacier:List*\"", "\"*\"")), List.of())).isEqualTo(Decision.ALLOW);
        }

        @Test
        void vaultScopedIdentityAllowDoesNotCoverVaultLessAction() {
            AuthorizationRequest request = Requests.as(ALICE, "glacier:ListVaults", "*", ConditionContext.empty());
            Policy vaultsOnly = identity("Allow", "\"glacier:*\"", "\"arn:aws:glacier:*:*:vaults/*\"");

            assertThat(decide(request, List.of(vaultsOnly), List.of())).isEqualTo(Decision.IMPLICIT_DENY);
        }

        @Test
        void rootNeedsNothing() {
            assertThat(decide(Requests.as(OWNER_ROOT, "glacier:CreateVault", "*", ConditionContext.empty()), List.of(), List.of()))
                    .isEqualTo(Decision.ALLOW);
        }
    }

    @Nested
    class FailClosed {
        @Test
        void corruptLockPolicyDeniesEvenTheRoot() {
            Policy corrupt = PolicyParser.parseStoredFailClosed("{\"Statement\":[{\"Effect\":", PolicyKind.RESOURCE);

            assertThat(decide(Requests.owner("glacier:DescribeVault"), List.of(), List.of(corrupt))).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(decide(Requests.as(OTHER_ROOT, "glacier:DescribeVault"), List.of(), List.of(corrupt)))
                    .isEqualTo(Decision.EXPLICIT_DENY);
        }

        @Test
        void corruptIdentityPolicyDeniesVaultLessActionsToo() {
            Policy corrupt = PolicyParser.parseStoredFailClosed("{\"Statement\":{\"Effect\":\"Maybe\"}}", PolicyKind.IDENTITY);

            assertThat(decide(Requests.as(ALICE, "glacier:ListVaults", "*", ConditionContext.empty()),
                    List.of(IDENTITY_ALL_GLACIER, corrupt), List.of())).isEqualTo(Decision.EXPLICIT_DENY);
        }

        @Test
        void validStoredPolicyIsNotTurnedIntoADeny() {
            Policy stored = PolicyParser.parseStoredFailClosed(
                    "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"glacier:*\",\"Resource\":\"*\"}}", PolicyKind.IDENTITY);

            assertThat(decide(Requests.as(ALICE, "glacier:DeleteArchive"), List.of(stored), List.of())).isEqualTo(Decision.ALLOW);
        }
    }

    @Test
    void policiesOfTheWrongKindAreRefused() {
        assertThatThrownBy(() -> decide(Requests.owner("glacier:DescribeVault"), List.of(), List.of(IDENTITY_ALL_GLACIER)))
                .isInstanceOf(IllegalArgumentException.class);
        Policy resourcePolicy = resource("Allow", "\"*\"", "\"*\"");
        assertThatThrownBy(() -> decide(Requests.owner("glacier:DescribeVault"), List.of(resourcePolicy), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestMembersAreRequired() {
        assertThatThrownBy(() -> new AuthorizationRequest(ALICE, OWNER, false, "glacier:DescribeVault", VAULT, null,
                ConditionContext.empty())).isInstanceOf(NullPointerException.class).hasMessageContaining("resourceAccount");
    }
}
