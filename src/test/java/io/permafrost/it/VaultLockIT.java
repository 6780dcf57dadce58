package io.permafrost.it;

import io.permafrost.auth.Credential;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.permafrost.it.Identities.OTHER;
import static io.permafrost.it.Identities.OTHER_ROOT;
import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Vault Lock end to end (spec 14): every cell of the state table, expiry, immutability, validation. */
class VaultLockIT {
    private static final String VAULT = "records";
    private static final String ARN = vaultArn(OWNER, VAULT);
    private static final String INVALID = "The specified vault lock policy is invalid. Provide a valid policy.";
    private static final String ADMIN_KEY = "ADMINKEY";

    /** Denies deleting archives to everyone, unconditionally: easy to observe being enforced or not. */
    private static final String NO_DELETES = PolicyJson.of(
            deny("glacier:DeleteArchive", ARN).sid("no-deletes").principal("*"),
            deny("glacier:DeleteVault", ARN).sid("keep-vault").principal("*"));

    private TestServer server;
    private IdentityClients clients;
    private GlacierClient root;

    @BeforeEach
    void start() throws Exception {
        startServer(Duration.ofHours(24));
    }

    private void startServer(Duration lockExpiry) throws Exception {
        Credential admin = Identities.user(OWNER, "admin", ADMIN_KEY,
                PolicyJson.of(allow("glacier:*", "*")));
        server = new TestServer(Identities.with(admin), c -> c.withLockExpiry(lockExpiry));
        clients = new IdentityClients(server);
        root = clients.root();
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    // ---- the state table of spec 14.2 ----

    @Test
    void initiateFromNoneReturnsLockIdAndGetShowsInProgress() {
        Instant before = server.clock().instant();
        String lockId = initiate(root, NO_DELETES);

        assertThat(lockId).isNotBlank().matches("[A-Za-z0-9_-]+");
        GetVaultLockResponse lock = getLock(root);
        assertThat(lock.state()).isEqualTo("InProgress");
        assertThat(lock.policy()).isEqualTo(NO_DELETES);
        Instant created = Instant.parse(lock.creationDate());
        assertThat(lock.creationDate()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(created).isBetween(before.minusMillis(1), server.clock().instant());
        assertThat(Instant.parse(lock.expirationDate())).isEqualTo(created.plus(Duration.ofHours(24)));
    }

    @Test
    void getVaultLockWithoutLockIs404() {
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException",
                "No vault lock policy is set for: " + VAULT);
    }

    @Test
    void initiateWhileInProgressIs403AndKeepsTheFirstLock() {
        String first = initiate(root, NO_DELETES);
        GetVaultLockResponse before = getLock(root);
        String other = PolicyJson.of(allow("glacier:ListTagsForVault", ARN).principal("*"));

        ExpectedError.of(() -> initiate(root, other), 403, "AccessDeniedException",
                "Vault lock is already in progress for vault: " + ARN);

        assertThat(getLock(root)).isEqualTo(before);
        // The first lock id still completes: the refused Initiate did not replace it.
        complete(root, first);
        assertThat(getLock(root).state()).isEqualTo("Locked");
    }

    @Test
    void initiateWhileLockedIs403() {
        complete(root, initiate(root, NO_DELETES));
        GetVaultLockResponse before = getLock(root);

        ExpectedError.of(() -> initiate(root, NO_DELETES), 403, "AccessDeniedException",
                "Vault is already locked: " + ARN);
        assertThat(getLock(root)).isEqualTo(before);
    }

    @Test
    void completeWithCurrentIdLocksAndClearsExpiration() {
        String lockId = initiate(root, NO_DELETES);
        GetVaultLockResponse inProgress = getLock(root);

        complete(root, lockId);

        GetVaultLockResponse locked = getLock(root);
        assertThat(locked.state()).isEqualTo("Locked");
        assertThat(locked.expirationDate()).isNull();
        assertThat(locked.creationDate()).isEqualTo(inProgress.creationDate());
        assertThat(locked.policy()).isEqualTo(NO_DELETES);
    }

    @Test
    void completeWithSameIdTwiceIsIdempotent() {
        String lockId = initiate(root, NO_DELETES);
        complete(root, lockId);
        GetVaultLockResponse locked = getLock(root);

        assertThatCode(() -> complete(root, lockId)).doesNotThrowAnyException();
        assertThat(getLock(root)).isEqualTo(locked);
    }

    @Test
    void completeWithWrongIdWhileInProgressIs400AndStaysInProgress() {
        String lockId = initiate(root, NO_DELETES);
        GetVaultLockResponse before = getLock(root);

        ExpectedError.of(() -> complete(root, "wrong" + lockId), 400, "InvalidParameterValueException",
                "Invalid lock ID: wrong" + lockId);

        assertThat(getLock(root)).isEqualTo(before);
    }

    @Test
    void completeWithWrongIdWhileLockedIs403() {
        String lockId = initiate(root, NO_DELETES);
        complete(root, lockId);
        GetVaultLockResponse before = getLock(root);

        ExpectedError.of(() -> complete(root, "wrong" + lockId), 403, "AccessDeniedException",
                "Vault lock is locked and cannot be changed: " + ARN);
        assertThat(getLock(root)).isEqualTo(before);
    }

    @Test
    void completeWithoutAnyLockIs400AndCreatesNothing() {
        ExpectedError.of(() -> complete(root, "AAAAAAAAAAAAAAAAAAAAAAAA"), 400, "InvalidParameterValueException");
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
    }

    @Test
    void abortWithoutLockIs204() {
        assertThatCode(() -> abort(root)).doesNotThrowAnyException();
        assertThatCode(() -> abort(root)).doesNotThrowAnyException();
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
    }

    @Test
    void abortWhileInProgressRemovesPolicyAndItsEnforcement() {
        String archive = upload(root, "young");
        String lockId = initiate(root, NO_DELETES);

        abort(root);

        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException",
                "No vault lock policy is set for: " + VAULT);
        // The aborted lock id is dead, and a new lock can start.
        ExpectedError.of(() -> complete(root, lockId), 400, "InvalidParameterValueException");
        deleteArchive(root, archive);
        assertThat(initiate(root, NO_DELETES)).isNotEqualTo(lockId);
    }

    @Test
    void abortWhileLockedIs403() {
        complete(root, initiate(root, NO_DELETES));
        GetVaultLockResponse before = getLock(root);

        ExpectedError.of(() -> abort(root), 403, "AccessDeniedException",
                "Vault lock is locked and cannot be changed: " + ARN);
        assertThat(getLock(root)).isEqualTo(before);
    }

    @Test
    void lockOperationsOnMissingVaultAre404() {
        String missing = vaultArn(OWNER, "missing");
        String notFound = "Vault not found for ARN: " + missing;
        ExpectedError.of(() -> root.initiateVaultLock(b -> b.accountId("-").vaultName("missing")
                .policy(VaultLockPolicy.builder().policy(NO_DELETES).build())), 404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> root.completeVaultLock(b -> b.accountId("-").vaultName("missing").lockId("x")),
                404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> root.abortVaultLock(b -> b.accountId("-").vaultName("missing")),
                404, "ResourceNotFoundException", notFound);
        ExpectedError.of(() -> root.getVaultLock(b -> b.accountId("-").vaultName("missing")),
                404, "ResourceNotFoundException", notFound);
    }

    // ---- enforcement while in progress ----

    @Test
    void inProgressPolicyIsAlreadyEnforced() {
        String archive = upload(root, "kept");
        initiate(root, NO_DELETES);

        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(Identities.rootArn(OWNER), "DeleteArchive", ARN));
        ExpectedError.of(() -> clients.as(ADMIN_KEY).deleteArchive(b -> b.accountId("-").vaultName(VAULT)
                .archiveId(archive)), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(Identities.userArn(OWNER, "admin"), "DeleteArchive", ARN));

        assertThat(root.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isEqualTo(1);
    }

    @Test
    void aLockPolicyCanDenyItsOwnAbortWhileInProgress() {
        String sealed = PolicyJson.of(deny("glacier:AbortVaultLock", ARN).principal("*"));
        initiate(root, sealed);

        ExpectedError.of(() -> abort(root), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(Identities.rootArn(OWNER), "AbortVaultLock", ARN));
        assertThat(getLock(root).state()).isEqualTo("InProgress");
    }

    // ---- expiry ----

    @Test
    void expiredLockDisappearsAndStopsBeingEnforced() throws Exception {
        stop();
        startServer(Duration.ofSeconds(30));
        String archive = upload(root, "a");
        String lockId = initiate(root, NO_DELETES);
        GetVaultLockResponse lock = getLock(root);
        assertThat(Instant.parse(lock.expirationDate()))
                .isEqualTo(Instant.parse(lock.creationDate()).plusSeconds(30));

        server.clock().advance(Duration.ofSeconds(29));
        assertThat(getLock(root).state()).isEqualTo("InProgress");
        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException");

        server.clock().advance(Duration.ofSeconds(1));
        assertExpired(lockId, archive);
    }

    @Test
    void expiryHoldsAcrossRestart() throws Exception {
        stop();
        startServer(Duration.ofSeconds(30));
        String archive = upload(root, "a");
        String lockId = initiate(root, NO_DELETES);

        restart();
        assertThat(getLock(root).state()).isEqualTo("InProgress");
        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException");

        server.clock().advance(Duration.ofSeconds(31));
        restart();
        assertExpired(lockId, archive);
        // The lock started after the expiry is the one that survives the next restart.
        GetVaultLockResponse next = getLock(root);
        restart();
        assertThat(getLock(root)).isEqualTo(next);
        ExpectedError.of(() -> complete(root, lockId), 400, "InvalidParameterValueException");
    }

    @Test
    void lockedPolicyNeverExpiresAndSurvivesRestart() throws Exception {
        stop();
        startServer(Duration.ofSeconds(30));
        String archive = upload(root, "a");
        String lockId = initiate(root, NO_DELETES);
        complete(root, lockId);
        GetVaultLockResponse locked = getLock(root);

        server.clock().advance(Duration.ofDays(3));
        restart();

        assertThat(getLock(root)).isEqualTo(locked);
        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException");
        ExpectedError.of(() -> abort(root), 403, "AccessDeniedException");
        assertThatCode(() -> complete(root, lockId)).doesNotThrowAnyException();
    }

    /** Restarts on the same data; fresh clients, as pooled connections to the old process are dead. */
    private void restart() throws Exception {
        clients.close();
        server.restart();
        clients = new IdentityClients(server);
        root = clients.root();
    }

    private void assertExpired(String lockId, String archive) {
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException",
                "No vault lock policy is set for: " + VAULT);
        ExpectedError.of(() -> complete(root, lockId), 400, "InvalidParameterValueException");
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
        deleteArchive(root, archive);
        assertThat(root.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isZero();
        String next = initiate(root, NO_DELETES);
        assertThat(next).isNotEqualTo(lockId);
        assertThat(getLock(root).state()).isEqualTo("InProgress");
    }

    // ---- a Locked policy is immutable for every identity ----

    @Test
    void lockedPolicySurvivesEveryAttemptByEveryIdentity() {
        // Another account is granted everything by the (changeable) access policy.
        setAccessPolicy(root, PolicyJson.of(allow("glacier:*", ARN).principal(Identities.rootArn(OTHER))));
        String archive = upload(root, "evidence");
        String lockId = initiate(root, NO_DELETES);
        complete(root, lockId);
        GetVaultLockResponse locked = getLock(root);
        String replacement = PolicyJson.of(allow("glacier:*", ARN).principal("*"));

        for (GlacierClient owner : List.of(root, clients.as(ADMIN_KEY))) {
            ExpectedError.of(() -> initiate(owner, replacement), 403, "AccessDeniedException",
                    "Vault is already locked: " + ARN);
            ExpectedError.of(() -> abort(owner), 403, "AccessDeniedException",
                    "Vault lock is locked and cannot be changed: " + ARN);
            ExpectedError.of(() -> complete(owner, "not" + lockId), 403, "AccessDeniedException",
                    "Vault lock is locked and cannot be changed: " + ARN);
            ExpectedError.of(() -> owner.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archive)),
                    403, "AccessDeniedException");
            ExpectedError.of(() -> owner.deleteVault(b -> b.accountId("-").vaultName(VAULT)),
                    403, "AccessDeniedException");
            assertThat(getLock(owner)).isEqualTo(locked);
        }

        GlacierClient other = clients.as(OTHER_ROOT);
        // Lock operations are owner-account only (spec 3.2), whatever the access policy says.
        String foreign = "Access denied for account ID: " + OWNER;
        ExpectedError.of(() -> other.initiateVaultLock(b -> b.accountId(OWNER).vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(replacement).build())), 403, "AccessDeniedException", foreign);
        ExpectedError.of(() -> other.abortVaultLock(b -> b.accountId(OWNER).vaultName(VAULT)),
                403, "AccessDeniedException", foreign);
        ExpectedError.of(() -> other.completeVaultLock(b -> b.accountId(OWNER).vaultName(VAULT).lockId(lockId)),
                403, "AccessDeniedException", foreign);
        ExpectedError.of(() -> other.deleteArchive(b -> b.accountId(OWNER).vaultName(VAULT).archiveId(archive)),
                403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(Identities.rootArn(OTHER), "DeleteArchive", ARN));
        ExpectedError.of(() -> other.deleteVault(b -> b.accountId(OWNER).vaultName(VAULT)),
                403, "AccessDeniedException");
        // The grant itself works: the other account can read the lock, just not change it.
        assertThat(other.getVaultLock(b -> b.accountId(OWNER).vaultName(VAULT)).policy()).isEqualTo(NO_DELETES);

        assertThat(getLock(root)).isEqualTo(locked);
        assertThat(root.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isEqualTo(1);
    }

    @Test
    void accessPolicyChangesNeverTouchTheLock() {
        complete(root, initiate(root, NO_DELETES));
        GetVaultLockResponse locked = getLock(root);
        String archive = upload(root, "x");

        String permissive = PolicyJson.of(allow("glacier:*", ARN).principal("*"));
        setAccessPolicy(root, permissive);
        assertThat(getLock(root)).isEqualTo(locked);
        assertThat(root.getVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)).policy().policy())
                .isEqualTo(permissive);
        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException");

        root.deleteVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT));
        assertThat(getLock(root)).isEqualTo(locked);
        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException");
    }

    @Test
    void abortingTheLockLeavesTheAccessPolicy() {
        String access = PolicyJson.of(allow("glacier:DescribeVault", ARN).principal(OTHER));
        setAccessPolicy(root, access);
        initiate(root, NO_DELETES);

        abort(root);

        assertThat(root.getVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)).policy().policy())
                .isEqualTo(access);
    }

    @Test
    void deletingAnEmptyVaultTakesItsLockAlongAndANewVaultOfTheSameNameStartsClean() {
        String retention = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*"));
        complete(root, initiate(root, retention));

        root.deleteVault(b -> b.accountId("-").vaultName(VAULT));
        root.createVault(b -> b.accountId("-").vaultName(VAULT));

        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
        String archive = upload(root, "fresh");
        deleteArchive(root, archive);
        initiate(root, NO_DELETES);
    }

    // ---- invalid lock policies ----

    static Stream<String> invalidPolicies() {
        String valid = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*"));
        return Stream.of(
                "{\"Version\":\"2012-10-17\",\"Statement\":[",
                "not json at all",
                "",
                valid.replace("2012-10-17", "2012-10-18"),
                valid.replace("\"Deny\"", "\"Forbid\""),
                valid.replace("\"Deny\"", "\"deny\""),
                valid.replace(ARN, "arn:aws:glacier"),
                valid.replace(ARN, "vaults/records"),
                PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*")
                        .when("NumericLessThanish", "glacier:ArchiveAgeInDays", "365")),
                PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*")
                        .when("NumericLessThan", "glacier:ArchiveAgeInDays", "a year")),
                PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("arn:aws:iam::12345:root")),
                PolicyJson.of(deny("glacier:DeleteArchive", ARN)),
                PolicyJson.of(deny("DeleteArchive", ARN).principal("*")),
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
                "[]",
                oversized());
    }

    /** Valid in every respect except its size: just over 20 KB. */
    private static String oversized() {
        String sid = "x".repeat(21_000);
        String policy = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*").sid(sid));
        assertThat(policy.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(20_480);
        return policy;
    }

    @ParameterizedTest
    @MethodSource("invalidPolicies")
    void invalidLockPolicyIs400AndNothingIsStored(String policy) {
        ExpectedError.startingWith(() -> initiate(root, policy), 400, "InvalidParameterValueException", INVALID);
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
    }

    @Test
    void policyOfExactly20KbIsAccepted() {
        String shell = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*").sid(""));
        String policy = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*")
                .sid("x".repeat(20_480 - shell.length())));
        assertThat(policy.getBytes(StandardCharsets.UTF_8)).hasSize(20_480);

        initiate(root, policy);
        assertThat(getLock(root).policy()).isEqualTo(policy);
    }

    @Test
    void policySentAsObjectIs400WithTheLockMessage() {
        String document = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*"));
        GlacierClient raw = clients.withRawBody(Identities.OWNER_ROOT, "{\"Policy\":" + document + "}");

        ExpectedError.startingWith(() -> initiate(raw, document), 400, "InvalidParameterValueException", INVALID);
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
    }

    @Test
    void missingPolicyMemberIs400MissingParameter() {
        GlacierClient raw = clients.withRawBody(Identities.OWNER_ROOT, "{}");

        ExpectedError.of(() -> initiate(raw, NO_DELETES), 400, "MissingParameterValueException",
                "Required parameter missing: Policy");
        ExpectedError.of(() -> getLock(root), 404, "ResourceNotFoundException");
    }

    @Test
    void invalidPolicyWhileInProgressKeepsTheCurrentLock() {
        initiate(root, NO_DELETES);
        GetVaultLockResponse before = getLock(root);

        ExpectedError.of(() -> initiate(root, "{"), 400, "InvalidParameterValueException");
        assertThat(getLock(root)).isEqualTo(before);
    }

    @Test
    void lowerCaseConditionKeySpellingIsAcceptedAndEnforced() {
        String archive = upload(root, "young");
        String policy = PolicyJson.of(deny("glacier:DeleteArchive", ARN).principal("*")
                .when("NumericLessThan", "glacier:ArchiveAgeinDays", "365"));
        complete(root, initiate(root, policy));

        ExpectedError.of(() -> deleteArchive(root, archive), 403, "AccessDeniedException");
    }

    // ---- helpers ----

    private static String initiate(GlacierClient client, String policy) {
        return client.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(policy).build())).lockId();
    }

    private static void complete(GlacierClient client, String lockId) {
        client.completeVaultLock(b -> b.accountId("-").vaultName(VAULT).lockId(lockId));
    }

    private static void abort(GlacierClient client) {
        client.abortVaultLock(b -> b.accountId("-").vaultName(VAULT));
    }

    private static GetVaultLockResponse getLock(GlacierClient client) {
        GetVaultLockResponse response = client.getVaultLock(b -> b.accountId("-").vaultName(VAULT));
        // Compare only the modelled members: the SDK response also carries per-request metadata.
        return GetVaultLockResponse.builder().policy(response.policy()).state(response.state())
                .creationDate(response.creationDate()).expirationDate(response.expirationDate()).build();
    }

    private static void setAccessPolicy(GlacierClient client, String policy) {
        client.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultAccessPolicy.builder().policy(policy).build()));
    }

    private static String upload(GlacierClient client, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return client.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
    }

    private static void deleteArchive(GlacierClient client, String archiveId) {
        client.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId));
    }
}
