package io.permafrost.it;

import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static io.permafrost.it.Identities.OTHER;
import static io.permafrost.it.Identities.OTHER_ROOT;
import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.userArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The vault access policy (spec 13) and how it combines with identity policies (spec 15.7, 4.5). */
class AccessPolicyIT {
    private static final String VAULT = "shared";
    private static final String ARN = vaultArn(OWNER, VAULT);
    private static final String INVALID = "The specified vault access policy is invalid. Provide a valid policy.";

    private static final String ALICE = "ALICEKEY";   // owner account, identity policy allows glacier:*
    private static final String BOB = "BOBKEY";       // owner account, no identity policy
    private static final String ERIN = "ERINKEY";     // owner account, allows glacier:* but denies glacier:Delete*
    private static final String CAROL = "CAROLKEY";   // other account, identity policy allows glacier:*
    private static final String DAVE = "DAVEKEY";     // other account, no identity policy

    private TestServer server;
    private IdentityClients clients;
    private GlacierClient root;

    @BeforeEach
    void start() throws Exception {
        String everything = PolicyJson.of(allow("glacier:*", "*"));
        server = new TestServer(Identities.with(
                Identities.user(OWNER, "alice", ALICE, everything),
                Identities.user(OWNER, "bob", BOB),
                Identities.user(OWNER, "erin", ERIN, everything, PolicyJson.of(deny("glacier:Delete*", "*"))),
                Identities.user(OTHER, "carol", CAROL, everything),
                Identities.user(OTHER, "dave", DAVE)), c -> c);
        clients = new IdentityClients(server);
        root = clients.root();
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    // ---- Set / Get / Delete ----

    @Test
    void setGetDeleteRoundTrip() {
        ExpectedError.of(() -> get(root), 404, "ResourceNotFoundException", "No vault access policy is set for: " + VAULT);

        String first = PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OTHER));
        set(root, first);
        assertThat(get(root)).isEqualTo(first);

        // Replaced wholesale, returned byte for byte (whitespace included).
        String second = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\"Effect\": \"Allow\", "
                + "\"Principal\": {\"AWS\": [\"" + rootArn(OTHER) + "\"]}, \"Action\": [\"glacier:List*\"], "
                + "\"Resource\": \"" + ARN + "\"}\n}";
        set(root, second);
        assertThat(get(root)).isEqualTo(second);

        delete(root);
        ExpectedError.of(() -> get(root), 404, "ResourceNotFoundException", "No vault access policy is set for: " + VAULT);
        assertThatCode(() -> delete(root)).as("idempotent").doesNotThrowAnyException();
    }

    @Test
    void aVaultWithTheLongestNameTakesAnAccessPolicyAndALock() {
        // Policies are also recorded in a file per vault for recovery: a 255-character name must not
        // become a file name longer than the filesystem allows.
        String name = "v".repeat(255);
        String arn = vaultArn(OWNER, name);
        root.createVault(b -> b.accountId("-").vaultName(name));
        String policy = PolicyJson.of(allow("glacier:DescribeVault", arn).principal(OTHER));
        root.setVaultAccessPolicy(b -> b.accountId("-").vaultName(name).policy(p -> p.policy(policy)));
        assertThat(root.getVaultAccessPolicy(b -> b.accountId("-").vaultName(name)).policy().policy()).isEqualTo(policy);
        String lock = PolicyJson.of(deny("glacier:DeleteArchive", arn).principal("*"));
        String lockId = root.initiateVaultLock(b -> b.accountId("-").vaultName(name).policy(p -> p.policy(lock))).lockId();
        root.completeVaultLock(b -> b.accountId("-").vaultName(name).lockId(lockId));
        assertThat(root.getVaultLock(b -> b.accountId("-").vaultName(name)).state()).isEqualTo("Locked");
    }

    @Test
    void accessPolicyOperationsOnMissingVault() {
        String notFound = "Vault not found for ARN: " + vaultArn(OWNER, "nope");
        ExpectedError.of(() -> root.getVaultAccessPolicy(b -> b.accountId("-").vaultName("nope")),
                404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> root.deleteVaultAccessPolicy(b -> b.accountId("-").vaultName("nope")),
                404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> root.setVaultAccessPolicy(b -> b.accountId("-").vaultName("nope")
                .policy(VaultAccessPolicy.builder().policy(PolicyJson.of(allow("glacier:*", "*").principal("*"))).build())),
                404, "ResourceNotFoundException", notFound);
    }

    // ---- cross-account grant and revocation ----

    @Test
    void crossAccountAccessIsGrantedAndRevokedByTheAccessPolicy() {
        GlacierClient other = clients.as(OTHER_ROOT);
        String denied = ExpectedError.denied(rootArn(OTHER), "DescribeVault", ARN);
        ExpectedError.of(() -> describe(other), 403, "AccessDeniedException", denied);

        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(rootArn(OTHER))));
        assertThat(describe(other).vaultARN()).isEqualTo(ARN);
        // Only what was granted.
        ExpectedError.of(() -> other.listTagsForVault(b -> b.accountId(OWNER).vaultName(VAULT)), 403,
                "AccessDeniedException", ExpectedError.denied(rootArn(OTHER), "ListTagsForVault", ARN));
        ExpectedError.of(() -> other.getVaultAccessPolicy(b -> b.accountId(OWNER).vaultName(VAULT)), 403,
                "AccessDeniedException");

        delete(root);
        ExpectedError.of(() -> describe(other), 403, "AccessDeniedException", denied);
    }

    @Test
    void grantByAccountIdCoversTheOtherRootAndItsPermittedUsers() {
        set(root, PolicyJson.of(allow("glacier:*", ARN).principal(OTHER)));

        assertThat(describe(clients.as(OTHER_ROOT)).vaultName()).isEqualTo(VAULT);
        assertThat(describe(clients.as(CAROL)).vaultName()).isEqualTo(VAULT);
        // dave's own account never allowed him anything: both sides must agree across accounts.
        ExpectedError.of(() -> describe(clients.as(DAVE)), 403, "AccessDeniedException",
                ExpectedError.denied(userArn(OTHER, "dave"), "DescribeVault", ARN));
    }

    @Test
    void anotherAccountsUserNeedsBothTheGrantAndAnIdentityAllow() {
        // Named specifically, dave still lacks his own account's permission.
        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(userArn(OTHER, "dave"))));
        ExpectedError.of(() -> describe(clients.as(DAVE)), 403, "AccessDeniedException");

        // carol has an identity Allow, but the vault does not grant her account anything.
        ExpectedError.of(() -> describe(clients.as(CAROL)), 403, "AccessDeniedException",
                ExpectedError.denied(userArn(OTHER, "carol"), "DescribeVault", ARN));

        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(userArn(OTHER, "carol"))));
        assertThat(describe(clients.as(CAROL)).vaultName()).isEqualTo(VAULT);
        ExpectedError.of(() -> describe(clients.as(OTHER_ROOT)), 403, "AccessDeniedException");
    }

    @Test
    void ownerAccountUserNeedsIdentityAllowOrAGrantNamingTheUser() {
        GlacierClient bob = clients.as(BOB);
        String denied = ExpectedError.denied(userArn(OWNER, "bob"), "DescribeVault", ARN);
        ExpectedError.of(() -> describe(bob), 403, "AccessDeniedException", denied);
        assertThat(describe(clients.as(ALICE)).vaultName()).isEqualTo(VAULT);

        // A grant to the account as a whole only delegates to the account's identity policies.
        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OWNER)));
        ExpectedError.of(() -> describe(bob), 403, "AccessDeniedException", denied);
        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal("*")));
        ExpectedError.of(() -> describe(bob), 403, "AccessDeniedException", denied);

        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(userArn(OWNER, "bob"))));
        assertThat(describe(bob).vaultName()).isEqualTo(VAULT);
        ExpectedError.of(() -> bob.listTagsForVault(b -> b.accountId("-").vaultName(VAULT)), 403,
                "AccessDeniedException");
    }

    @Test
    void explicitDenyInIdentityPolicyWinsOverEveryAllow() {
        set(root, PolicyJson.of(allow("glacier:*", ARN).principal(userArn(OWNER, "erin"))));
        GlacierClient erin = clients.as(ERIN);

        ExpectedError.of(() -> erin.deleteVault(b -> b.accountId("-").vaultName(VAULT)), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(userArn(OWNER, "erin"), "DeleteVault", ARN));
        ExpectedError.of(() -> erin.deleteVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)), 403,
                "AccessDeniedException");
        assertThat(describe(erin).vaultName()).isEqualTo(VAULT);
        assertThat(get(root)).contains("erin");
    }

    @Test
    void denyInAccessPolicyBindsTheOwnerRoot() {
        set(root, PolicyJson.of(deny("glacier:DeleteVault", ARN).principal(OWNER)));

        ExpectedError.of(() -> root.deleteVault(b -> b.accountId("-").vaultName(VAULT)), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteVault", ARN));
        assertThat(describe(root).vaultName()).isEqualTo(VAULT);

        // Unlike a lock, the access policy can simply be removed by the owner.
        delete(root);
        root.deleteVault(b -> b.accountId("-").vaultName(VAULT));
        ExpectedError.of(() -> describe(root), 404, "ResourceNotFoundException");
    }

    // ---- 403 vs 404 for a missing vault (spec 4.5) ----

    @Test
    void missingVaultIs404OnlyForOwnerPrincipalsAllowedTheAction() {
        String missing = vaultArn(OWNER, "ghost");
        String notFound = "Vault not found for ARN: " + missing;
        ExpectedError.of(() -> describe(root, "-", "ghost"), 404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> describe(clients.as(ALICE), "-", "ghost"), 404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> describe(clients.as(BOB), "-", "ghost"), 403, "AccessDeniedException",
                ExpectedError.denied(userArn(OWNER, "bob"), "DescribeVault", missing));
        ExpectedError.of(() -> clients.as(ERIN).deleteVault(b -> b.accountId("-").vaultName("ghost")), 403,
                "AccessDeniedException", ExpectedError.explicitlyDenied(userArn(OWNER, "erin"), "DeleteVault", missing));
        ExpectedError.of(() -> describe(clients.as(OTHER_ROOT), OWNER, "ghost"), 403, "AccessDeniedException",
                ExpectedError.denied(rootArn(OTHER), "DescribeVault", missing));
        ExpectedError.of(() -> describe(clients.as(CAROL), OWNER, "ghost"), 403, "AccessDeniedException");
    }

    @Test
    void existingVaultOfAnotherAccountLooksTheSameAsAMissingOne() {
        String existing = ExpectedError.of(() -> describe(clients.as(OTHER_ROOT), OWNER, VAULT), 403,
                "AccessDeniedException").awsErrorDetails().errorMessage();
        String missing = ExpectedError.of(() -> describe(clients.as(OTHER_ROOT), OWNER, "ghost"), 403,
                "AccessDeniedException").awsErrorDetails().errorMessage();
        assertThat(existing.replace(VAULT, "ghost")).isEqualTo(missing);
    }

    // ---- conditions ----

    @Test
    void sourceIpCondition() {
        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(userArn(OWNER, "bob"))
                .when("IpAddress", "aws:SourceIp", "127.0.0.1/32")));
        assertThat(describe(clients.as(BOB)).vaultName()).isEqualTo(VAULT);

        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(userArn(OWNER, "bob"))
                .when("IpAddress", "aws:SourceIp", "10.0.0.0/8")));
        ExpectedError.of(() -> describe(clients.as(BOB)), 403, "AccessDeniedException");

        set(root, PolicyJson.of(deny("glacier:DescribeVault", ARN).principal("*")
                .when("NotIpAddress", "aws:SourceIp", "10.0.0.0/8", "192.168.0.0/16")));
        ExpectedError.of(() -> describe(root), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "DescribeVault", ARN));
    }

    @Test
    void currentTimeCondition() {
        Instant opens = server.clock().instant().plus(Duration.ofDays(2));
        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(rootArn(OTHER))
                .when("DateGreaterThan", "aws:CurrentTime", opens.toString())));
        ExpectedError.of(() -> describe(clients.as(OTHER_ROOT)), 403, "AccessDeniedException");

        server.clock().advance(Duration.ofDays(2).plusSeconds(5));
        assertThat(describe(clients.as(OTHER_ROOT)).vaultName()).isEqualTo(VAULT);
    }

    @Test
    void principalArnCondition() {
        set(root, PolicyJson.of(deny("glacier:DescribeVault", ARN).principal("*")
                .when("ArnLike", "aws:PrincipalArn", "arn:aws:iam::" + OWNER + ":user/a*")));

        ExpectedError.of(() -> describe(clients.as(ALICE)), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(userArn(OWNER, "alice"), "DescribeVault", ARN));
        assertThat(describe(root).vaultName()).isEqualTo(VAULT);
        assertThat(describe(clients.as(ERIN)).vaultName()).isEqualTo(VAULT);
    }

    @Test
    void usernameCondition() {
        set(root, PolicyJson.of(deny("glacier:DescribeVault", ARN).principal("*")
                .when("StringEquals", "aws:username", "erin")));

        ExpectedError.of(() -> describe(clients.as(ERIN)), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(userArn(OWNER, "erin"), "DescribeVault", ARN));
        assertThat(describe(clients.as(ALICE)).vaultName()).isEqualTo(VAULT);
        // The root user has no user name: a positive operator on an absent key is false.
        assertThat(describe(root).vaultName()).isEqualTo(VAULT);

        // ...and a negated one is true, so this Deny catches root as well as bob's grant.
        set(root, PolicyJson.of(
                allow("glacier:DescribeVault", ARN).principal(userArn(OWNER, "bob")),
                deny("glacier:DescribeVault", ARN).principal("*").when("StringNotEquals", "aws:username", "bob")));
        assertThat(describe(clients.as(BOB)).vaultName()).isEqualTo(VAULT);
        ExpectedError.of(() -> describe(root), 403, "AccessDeniedException");
        ExpectedError.of(() -> describe(clients.as(ALICE)), 403, "AccessDeniedException");
    }

    @Test
    void mfaAndPrincipalAccountConditions() {
        // The guide's MFA pattern: long-term keys carry no MFA key, so BoolIfExists ... false applies.
        set(root, PolicyJson.of(
                allow("glacier:*", ARN).principal(OTHER).when("StringEquals", "aws:PrincipalAccount", OTHER),
                deny("glacier:Delete*", ARN).principal("*")
                        .when("BoolIfExists", "aws:MultiFactorAuthPresent", "false")));

        ExpectedError.of(() -> clients.as(ALICE).deleteVault(b -> b.accountId("-").vaultName(VAULT)), 403,
                "AccessDeniedException", ExpectedError.explicitlyDenied(userArn(OWNER, "alice"), "DeleteVault", ARN));
        ExpectedError.of(() -> clients.as(CAROL).deleteVaultAccessPolicy(b -> b.accountId(OWNER).vaultName(VAULT)),
                403, "AccessDeniedException");
        assertThat(describe(clients.as(CAROL)).vaultName()).isEqualTo(VAULT);
        assertThat(get(root)).contains("MultiFactorAuthPresent");
    }

    // ---- invalid access policies ----

    static Stream<String> invalidPolicies() {
        String valid = PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OTHER));
        return Stream.of(
                "{\"Version\":\"2012-10-17\",",
                valid.replace("2012-10-17", "2019-01-01"),
                valid.replace("\"Allow\"", "\"Permit\""),
                valid.replace(ARN, "arn:aws:glacier:us-east-1"),
                valid.replace("\"" + OTHER + "\"", "\"4444\""),
                PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OTHER)
                        .when("StringEqualsish", "aws:username", "bob")),
                PolicyJson.of(allow("glacier:DescribeVault", ARN)),
                PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OTHER).sid("y".repeat(21_000))));
    }

    @ParameterizedTest
    @MethodSource("invalidPolicies")
    void invalidAccessPolicyIs400AndNothingIsStored(String policy) {
        String original = PolicyJson.of(allow("glacier:ListTagsForVault", ARN).principal(OTHER));
        set(root, original);

        ExpectedError.startingWith(() -> set(root, policy), 400, "InvalidParameterValueException", INVALID);
        assertThat(get(root)).isEqualTo(original);
    }

    @Test
    void accessPolicySentAsObjectIs400AndNothingIsStored() {
        String document = PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OTHER));
        GlacierClient raw = clients.withRawBody(Identities.OWNER_ROOT, "{\"Policy\":" + document + "}");

        ExpectedError.startingWith(() -> set(raw, document), 400, "InvalidParameterValueException", INVALID);
        ExpectedError.of(() -> get(root), 404, "ResourceNotFoundException");
    }

    @Test
    void accessPolicyOperationsAreThemselvesAuthorized() {
        set(root, PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(userArn(OWNER, "bob"))));
        GlacierClient bob = clients.as(BOB);
        String permissive = PolicyJson.of(allow("glacier:*", ARN).principal(userArn(OWNER, "bob")));

        ExpectedError.of(() -> set(bob, permissive), 403, "AccessDeniedException",
                ExpectedError.denied(userArn(OWNER, "bob"), "SetVaultAccessPolicy", ARN));
        ExpectedError.of(() -> delete(bob), 403, "AccessDeniedException",
                ExpectedError.denied(userArn(OWNER, "bob"), "DeleteVaultAccessPolicy", ARN));
        ExpectedError.of(() -> get(bob), 403, "AccessDeniedException",
                ExpectedError.denied(userArn(OWNER, "bob"), "GetVaultAccessPolicy", ARN));
        assertThat(get(root)).doesNotContain("glacier:*");
    }

    // ---- helpers ----

    private static void set(GlacierClient client, String policy) {
        client.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultAccessPolicy.builder().policy(policy).build()));
    }

    private static String get(GlacierClient client) {
        return client.getVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)).policy().policy();
    }

    private static void delete(GlacierClient client) {
        client.deleteVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT));
    }

    /** DescribeVault of the shared vault; from another account the owner's id goes in the URL. */
    private static software.amazon.awssdk.services.glacier.model.DescribeVaultResponse describe(GlacierClient client) {
        return client.describeVault(b -> b.accountId(OWNER).vaultName(VAULT));
    }

    private static software.amazon.awssdk.services.glacier.model.DescribeVaultResponse describe(
            GlacierClient client, String account, String vault) {
        return client.describeVault(b -> b.accountId(account).vaultName(vault));
    }

}
